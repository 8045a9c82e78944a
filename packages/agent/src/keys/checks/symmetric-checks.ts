// Symmetric keys: length for the algorithm, not all-zero, and for DES/TDEA odd parity per byte
// (FIPS 46-3 §"Key": the low bit of each byte makes its parity odd) and none of the weak or
// semi-weak DES keys (NIST SP 800-67 Rev. 2 §3.3.2), nor a TDEA key whose parts repeat (keying
// option 3 is single DES).
import { fail, pass, type Finding } from './key-finding.ts';
import type { SymmetricAlgorithm } from './key-check-value.ts';

const WEAK_DES = [
  '0101010101010101',
  'fefefefefefefefe',
  'e0e0e0e0f1f1f1f1',
  '1f1f1f1f0e0e0e0e',
  '01fe01fe01fe01fe',
  'fe01fe01fe01fe01',
  '1fe01fe00ef10ef1',
  'e01fe01ff10ef10e',
  '01e001e001f101f1',
  'e001e001f101f101',
  '1ffe1ffe0efe0efe',
  'fe1ffe1ffe0efe0e',
  '011f011f010e010e',
  '1f011f010e010e01',
  'e0fee0fef1fef1fe',
  'fee0fee0fef1fef1',
].map((h) => stripParity(Buffer.from(h, 'hex')));

function stripParity(b: Buffer): string {
  return Buffer.from(b.map((x) => x & 0xfe)).toString('hex');
}

const oddParity = (x: number): boolean => {
  let c = 0;
  for (let v = x; v; v >>= 1) c += v & 1;
  return c % 2 === 1;
};

const LENGTHS: Record<SymmetricAlgorithm, readonly number[]> = {
  aes: [16, 24, 32],
  tdes: [16, 24],
  des: [8],
  hmac: [],
};

export function checkSymmetric(algorithm: SymmetricAlgorithm, key: Buffer): Finding[] {
  const out: Finding[] = [];
  const allowed = LENGTHS[algorithm];
  if (algorithm === 'hmac' ? key.length < 14 : !allowed.includes(key.length))
    out.push(fail('sym_length', `${key.length * 8}-bit key is not a valid ${algorithm} length`));
  else out.push(pass('sym_length', `${key.length * 8}-bit ${algorithm} key`));
  out.push(
    key.every((b) => b === 0)
      ? fail('all_zero', 'key is all zeros')
      : pass('all_zero', 'not all zeros'),
  );
  if (algorithm === 'des' || algorithm === 'tdes') {
    const bad = [...key].filter((b) => !oddParity(b)).length;
    out.push(
      bad > 0
        ? fail('des_parity', `${bad} byte(s) with even parity: corrupted or not a DES key`)
        : pass('des_parity', 'odd parity'),
    );
    const parts = [0, 8, 16].filter((o) => o + 8 <= key.length).map((o) => key.subarray(o, o + 8));
    const weak = parts.some((p) => WEAK_DES.includes(stripParity(p)));
    const repeated =
      parts.length > 1 &&
      parts.some((p, i) => i > 0 && stripParity(p) === stripParity(parts[i - 1]!));
    if (weak) out.push(fail('des_weak', 'contains a weak or semi-weak DES key'));
    else if (repeated) out.push(fail('des_weak', 'TDEA key parts repeat: it is single DES'));
    else out.push(pass('des_weak', 'no weak or semi-weak part'));
  }
  return out;
}
