// Well-formedness of an RSA public key: modulus size and parity, public exponent (FIPS 186-5
// §A.1.1: odd, 2^16 < e < 2^256), no small factors, no ROCA fingerprint.
import type { KeyObject } from 'node:crypto';
import { b64uToBigInt } from './bigint-bytes.ts';
import { fail, pass, warn, type Finding } from './key-finding.ts';
import { hasRocaFingerprint } from './roca-check.ts';
import { smallFactors } from './small-factor-check.ts';

export function rsaParams(key: KeyObject): { n: bigint; e: bigint } {
  const jwk = key.export({ format: 'jwk' });
  return { n: b64uToBigInt(jwk.n ?? ''), e: b64uToBigInt(jwk.e ?? '') };
}

export function checkRsa(n: bigint, e: bigint): Finding[] {
  const out: Finding[] = [];
  const bits = n.toString(2).length;
  if (n % 2n === 0n) out.push(fail('rsa_modulus', `modulus is even`));
  else if (bits % 8 !== 0)
    out.push(warn('rsa_modulus', `modulus has ${bits} bits, not a byte multiple`));
  else out.push(pass('rsa_modulus', `${bits}-bit modulus`));
  if (e % 2n === 0n || e < 3n)
    out.push(fail('rsa_exponent', `public exponent ${e} is not odd ≥ 3`));
  else if (e <= 65536n)
    out.push(fail('rsa_exponent', `public exponent ${e} ≤ 2^16 (FIPS 186-5 A.1.1)`));
  else if (e.toString(2).length > 256) out.push(fail('rsa_exponent', `public exponent ≥ 2^256`));
  else out.push(pass('rsa_exponent', `e=${e}`));
  const small = smallFactors(n);
  out.push(
    small.length > 0
      ? fail('rsa_small_factor', `modulus divisible by ${small.slice(0, 5).join(', ')}`)
      : pass('rsa_small_factor', 'no factor below 10^4'),
  );
  out.push(
    hasRocaFingerprint(n)
      ? fail(
          'roca',
          'modulus has the ROCA fingerprint (CVE-2017-15361): factorable, replace the key',
        )
      : pass('roca', 'no ROCA fingerprint'),
  );
  return out;
}
