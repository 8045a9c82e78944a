import { test } from 'node:test';
import assert from 'node:assert/strict';
import { generateKeyPairSync, generatePrimeSync } from 'node:crypto';
import { aesCmac, cmacSubkeys } from '../../src/keys/checks/aes-cmac.ts';
import { cmacKcv, legacyKcv } from '../../src/keys/checks/key-check-value.ts';
import { hasRocaFingerprint, ROCA_MASKS } from '../../src/keys/checks/roca-check.ts';
import { smallFactors } from '../../src/keys/checks/small-factor-check.ts';
import { batchGcd, findSharedPrimes } from '../../src/keys/checks/batch-gcd.ts';
import { rsaParams } from '../../src/keys/checks/rsa-checks.ts';
import { runKats } from '../../src/keys/checks/known-answer.ts';
import { rocaModulus } from './roca-modulus.ts';

const hex = (s: string): Buffer => Buffer.from(s.replaceAll(' ', ''), 'hex');
const K = hex('2b7e1516 28aed2a6 abf71588 09cf4f3c');
const MSG = hex(
  '6bc1bee2 2e409f96 e93d7e11 7393172a ae2d8a57 1e03ac9c 9eb76fac 45af8e51 30c81c46 a35ce411 e5fbc119 1a0a52ef f69f2445 df4f9b17 ad2b417b e66c3710',
);

test('AES-CMAC: RFC 4493 §4 subkeys and the four examples', () => {
  const { k1, k2 } = cmacSubkeys(K);
  assert.equal(k1.toString('hex'), 'fbeed618357133667c85e08f7236a8de');
  assert.equal(k2.toString('hex'), 'f7ddac306ae266ccf90bc11ee46d513b');
  const cases: [number, string][] = [
    [0, 'bb1d6929e95937287fa37d129b756746'],
    [16, '070a16b46b4d4144f79bdd9dd04a287c'],
    [40, 'dfa66747de9ae63030ca32611497c827'],
    [64, '51f0bebf7e3b9d92fc49741779363cfe'],
  ];
  for (const [len, tag] of cases)
    assert.equal(aesCmac(K, MSG.subarray(0, len)).toString('hex'), tag, `Mlen ${len}`);
});

test('KCVs: CMAC of a zero block and legacy encrypt-zeros, 3 bytes', () => {
  // CMAC KCV is the first 3 bytes of AES-CMAC(K, 0^128): computed independently through the tag.
  assert.equal(
    cmacKcv(K),
    aesCmac(K, Buffer.alloc(16)).subarray(0, 3).toString('hex').toUpperCase(),
  );
  // Legacy AES KCV = AES-K(0^128)[0..3]; FIPS 197 C.1's key 000102… encrypting zeros is c6a13b37….
  assert.equal(legacyKcv('aes', hex('000102030405060708090a0b0c0d0e0f')), 'C6A13B');
  // TDEA with K1=K2=K3 is DES: DES_K(0) for K = 0123456789ABCDEF is D5D44FF720683D0D.
  assert.equal(legacyKcv('tdes', hex('0123456789abcdef'.repeat(3))), 'D5D44F');
  assert.equal(legacyKcv('tdes', hex('0123456789abcdef'.repeat(2))), 'D5D44F');
});

test('known-answer tests all pass on this node', () => {
  assert.deepEqual(runKats(['aes', 'tdes', 'sha256', 'hmac', 'cmac', 'ed25519']), []);
});

test('ROCA: masks match roca-detect, a constructed RSALib modulus is caught, real keys are not', () => {
  assert.deepEqual(ROCA_MASKS.slice(0, 4), [6n, 30n, 126n, 1026n]);
  for (let i = 0; i < 3; i++) assert.equal(hasRocaFingerprint(rocaModulus(512)), true);
  for (let i = 0; i < 5; i++) {
    const { publicKey } = generateKeyPairSync('rsa', { modulusLength: 1024 });
    assert.equal(hasRocaFingerprint(rsaParams(publicKey).n), false);
  }
});

test('trial division finds small factors and passes products of large primes', () => {
  const p = generatePrimeSync(256, { bigint: true });
  const q = generatePrimeSync(256, { bigint: true });
  assert.deepEqual(smallFactors(p * q), []);
  assert.deepEqual(smallFactors(p * 9973n * 3n), [3, 9973]);
});

test('batch GCD finds a planted shared prime among 300 moduli and nothing else', () => {
  const primes = Array.from({ length: 600 }, () => generatePrimeSync(128, { bigint: true }));
  const moduli = Array.from({ length: 300 }, (_, i) => primes[2 * i]! * primes[2 * i + 1]!);
  const shared = primes[0]!;
  moduli[217] = shared * generatePrimeSync(128, { bigint: true });
  const found = findSharedPrimes(moduli);
  assert.deepEqual(
    found.map((f) => f.index),
    [0, 217],
  );
  assert.ok(found.every((f) => f.factor === shared));
  assert.deepEqual(batchGcd([15n, 77n]), [1n, 1n]);
});

test('the running estate product finds a new key sharing a prime with one seen before', async () => {
  const { ModulusEstate } = await import('@keywatch/protocol');
  const primes = Array.from({ length: 40 }, () => generatePrimeSync(128, { bigint: true }));
  const estate = new ModulusEstate();
  estate.add(Array.from({ length: 20 }, (_, i) => primes[2 * i]! * primes[2 * i + 1]!));
  const fresh = generatePrimeSync(128, { bigint: true }) * generatePrimeSync(128, { bigint: true });
  estate.add([fresh, fresh]); // the same key twice is one modulus, not a shared prime
  assert.equal(estate.sharedFactor(fresh), 1n);
  const weak = primes[13]! * generatePrimeSync(128, { bigint: true });
  estate.add([weak]);
  assert.equal(estate.sharedFactor(weak), primes[13]);
  assert.equal(estate.sharedFactor(primes[12]! * primes[13]!), primes[13]);
  assert.equal(estate.size, 22);
});
