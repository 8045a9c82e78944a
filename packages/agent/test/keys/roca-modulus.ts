// Builds a ROCA-vulnerable modulus the way the paper (CCS 2017 §2.2) describes RSALib's primes:
// p = k·M + (65537^a mod M), M the primorial of the first 39 primes (512-bit keys). No published
// vulnerable modulus is in ../shared/testdata, so the test constructs one.
import { checkPrimeSync, randomBytes } from 'node:crypto';

const PRIMES = [
  2, 3, 5, 7, 11, 13, 17, 19, 23, 29, 31, 37, 41, 43, 47, 53, 59, 61, 67, 71, 73, 79, 83, 89, 97,
  101, 103, 107, 109, 113, 127, 131, 137, 139, 149, 151, 157, 163, 167,
];
const M = PRIMES.reduce((a, p) => a * BigInt(p), 1n);

function modPow(b: bigint, e: bigint, m: bigint): bigint {
  let r = 1n;
  b %= m;
  for (; e > 0n; e >>= 1n, b = (b * b) % m) if (e & 1n) r = (r * b) % m;
  return r;
}

const rand = (bytes: number): bigint => BigInt(`0x${randomBytes(bytes).toString('hex')}`);

export function rocaPrime(bits: number): bigint {
  for (;;) {
    const a = rand(8);
    const k = rand(Math.ceil((bits - M.toString(2).length) / 8)) | 1n;
    const p = k * M + modPow(65537n, a, M);
    if (p.toString(2).length === bits && checkPrimeSync(p)) return p;
  }
}

export function rocaModulus(bits = 512): bigint {
  return rocaPrime(bits / 2) * rocaPrime(bits / 2);
}
