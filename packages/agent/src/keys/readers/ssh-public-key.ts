// OpenSSH public keys (RFC 4253 §6.6 wire format inside base64; RFC 5656 §3.1 for ECDSA; RFC 8709
// for Ed25519) → node KeyObjects, through JWK so no native parser is needed.
import { createPublicKey, type KeyObject } from 'node:crypto';
import { KeyCheckError } from '../checks/key-check-error.ts';

function fields(blob: Buffer): Buffer[] {
  const out: Buffer[] = [];
  for (let o = 0; o < blob.length;) {
    const len = blob.readUInt32BE(o);
    out.push(blob.subarray(o + 4, o + 4 + len));
    o += 4 + len;
  }
  return out;
}

const unsigned = (b: Buffer): string => (b[0] === 0 ? b.subarray(1) : b).toString('base64url');

const SSH_CURVES: Record<string, string> = {
  nistp256: 'P-256',
  nistp384: 'P-384',
  nistp521: 'P-521',
};

export const SSH_LINE = /^(ssh-rsa|ssh-ed25519|ecdsa-sha2-nistp\d+|ssh-dss)\s+([A-Za-z0-9+/=]+)/;

export function parseSshPublicKey(line: string): KeyObject {
  const m = SSH_LINE.exec(line.trim().replace(/^\S+\s+(?=ssh-|ecdsa-)/, '')); // known_hosts: host first
  if (!m) throw new KeyCheckError('KEY_FORMAT_UNSUPPORTED', `not an OpenSSH public key line`);
  const [type, ...rest] = fields(Buffer.from(m[2]!, 'base64'));
  const kind = type?.toString();
  if (kind !== m[1])
    throw new KeyCheckError('KEY_UNREADABLE', `SSH key blob says ${kind}, line says ${m[1]}`);
  if (kind === 'ssh-rsa') {
    const [e, n] = rest;
    return createPublicKey({
      format: 'jwk',
      key: { kty: 'RSA', e: unsigned(e!), n: unsigned(n!) },
    });
  }
  if (kind === 'ssh-ed25519')
    return createPublicKey({
      format: 'jwk',
      key: { kty: 'OKP', crv: 'Ed25519', x: rest[0]!.toString('base64url') },
    });
  if (kind?.startsWith('ecdsa-sha2-')) {
    const crv = SSH_CURVES[rest[0]!.toString()];
    const q = rest[1]!;
    const size = (q.length - 1) / 2;
    if (!crv || q[0] !== 4)
      throw new KeyCheckError('KEY_FORMAT_UNSUPPORTED', `unsupported SSH ECDSA key`);
    return createPublicKey({
      format: 'jwk',
      key: {
        kty: 'EC',
        crv,
        x: q.subarray(1, 1 + size).toString('base64url'),
        y: q.subarray(1 + size).toString('base64url'),
      },
    });
  }
  throw new KeyCheckError('KEY_FORMAT_UNSUPPORTED', `SSH key type ${kind} is not supported`);
}
