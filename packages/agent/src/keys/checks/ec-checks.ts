// EC public keys: the point lies on its curve (y² = x³ + ax + b mod p, SEC 1 v2 §3.2.2.1) and the
// curve is approved (NIST SP 800-186: P-224 … P-521, Ed25519, Ed448; P-224 is below the 128-bit
// strength SP 800-131A Rev. 2 expects for new keys past 2030, so it only warns).
import type { KeyObject } from 'node:crypto';
import { b64uToBigInt } from './bigint-bytes.ts';
import { fail, pass, warn, type Finding } from './key-finding.ts';

interface Curve {
  p: bigint;
  a: bigint;
  b: bigint;
}

// Domain parameters from SP 800-186 §3.2.1 (P-curves, a = −3) and SEC 2 §2.4.1 (secp256k1, a = 0).
const CURVES: Record<string, Curve> = {
  'P-256': {
    p: 2n ** 256n - 2n ** 224n + 2n ** 192n + 2n ** 96n - 1n,
    a: -3n,
    b: 0x5ac635d8aa3a93e7b3ebbd55769886bc651d06b0cc53b0f63bce3c3e27d2604bn,
  },
  'P-384': {
    p: 2n ** 384n - 2n ** 128n - 2n ** 96n + 2n ** 32n - 1n,
    a: -3n,
    b: 0xb3312fa7e23ee7e4988e056be3f82d19181d9c6efe8141120314088f5013875ac656398d8a2ed19d2a85c8edd3ec2aefn,
  },
  'P-521': {
    p: 2n ** 521n - 1n,
    a: -3n,
    b: 0x0051953eb9618e1c9a1f929a21a0b68540eea2da725b99b315f3b8b489918ef109e156193951ec7e937b1652c0bd3bb1bf073573df883d2c34f1ef451fd46b503f00n,
  },
  secp256k1: { p: 2n ** 256n - 2n ** 32n - 977n, a: 0n, b: 7n },
};

const APPROVED = new Set(['P-256', 'P-384', 'P-521', 'Ed25519', 'Ed448']);

const mod = (x: bigint, p: bigint): bigint => ((x % p) + p) % p;

export function onCurve(curve: string, x: bigint, y: bigint): boolean | undefined {
  const c = CURVES[curve];
  if (!c) return undefined;
  if (x < 0n || y < 0n || x >= c.p || y >= c.p) return false;
  return mod(y * y - (x * x * x + c.a * x + c.b), c.p) === 0n;
}

export function checkEc(key: KeyObject): Finding[] {
  const jwk = key.export({ format: 'jwk' });
  const curve = jwk.crv ?? 'unknown';
  const out: Finding[] = [];
  if (jwk.kty === 'EC') {
    const on = onCurve(curve, b64uToBigInt(jwk.x ?? ''), b64uToBigInt(jwk.y ?? ''));
    if (on === false) out.push(fail('ec_point', `point is not on ${curve}`));
    else if (on === true) out.push(pass('ec_point', `point on ${curve}`));
  }
  if (APPROVED.has(curve)) out.push(pass('ec_curve', `${curve} is approved`));
  else if (curve === 'P-224') out.push(warn('ec_curve', 'P-224 gives 112-bit strength only'));
  else out.push(fail('ec_curve', `${curve} is not an approved curve (SP 800-186)`));
  return out;
}
