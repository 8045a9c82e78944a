import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createPublicKey, generateKeyPairSync, randomBytes } from 'node:crypto';
import { checkKey } from '../../src/keys/checks/check-key.ts';
import { crossCheck } from '../../src/keys/checks/cross-checks.ts';
import { onCurve } from '../../src/keys/checks/ec-checks.ts';
import { bigIntToB64u, b64uToBigInt } from '../../src/keys/checks/bigint-bytes.ts';
import type { KeyReport } from '../../src/keys/checks/key-under-check.ts';
import { rocaModulus } from './roca-modulus.ts';

const failed = (r: KeyReport): string[] =>
  r.findings.filter((f) => f.status === 'fail').map((f) => f.check);

test('good RSA-2048, P-256 and Ed25519 pairs pass every check', async () => {
  for (const [type, opts] of [
    ['rsa', { modulusLength: 2048 }],
    ['ec', { namedCurve: 'P-256' }],
    ['ed25519', {}],
  ] as const) {
    const { publicKey, privateKey } = generateKeyPairSync(
      type as 'rsa',
      opts as { modulusLength: number },
    );
    const r = await checkKey({ label: type, publicKey, privateKey });
    assert.equal(r.verdict, 'pass', `${type}: ${JSON.stringify(r.findings)}`);
    assert.match(r.fingerprint ?? '', /^sha256:[0-9a-f]{64}$/);
    assert.ok(r.findings.some((f) => f.check === 'pair' && f.status === 'pass'));
  }
});

test('a mismatched pair fails sign-then-verify', async () => {
  const a = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const b = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const r = await checkKey({ label: 'x', publicKey: a.publicKey, privateKey: b.privateKey });
  assert.deepEqual(failed(r), ['pair']);
});

test('RSA-1024 fails policy; an exponent of 3 fails; a ROCA modulus fails', async () => {
  const small = generateKeyPairSync('rsa', { modulusLength: 1024 });
  assert.deepEqual(failed(await checkKey({ label: 's', publicKey: small.publicKey })), [
    'algorithm_policy',
  ]);
  const e3 = generateKeyPairSync('rsa', { modulusLength: 2048, publicExponent: 3 });
  assert.deepEqual(failed(await checkKey({ label: 'e', publicKey: e3.publicKey })), [
    'rsa_exponent',
  ]);
  // A product of RSALib moduli keeps the fingerprint (the subgroup is closed) and reaches ~2048 bits.
  const n = rocaModulus(512) * rocaModulus(512) * rocaModulus(512) * rocaModulus(512);
  const roca = createPublicKey({
    format: 'jwk',
    key: { kty: 'RSA', n: bigIntToB64u(n), e: 'AQAB' },
  });
  const r = await checkKey({ label: 'r', publicKey: roca });
  assert.ok(failed(r).includes('roca'));
  assert.match(r.findings.find((f) => f.check === 'roca')!.reason, /CVE-2017-15361/);
});

test('EC: off-curve points and unapproved curves are caught', async () => {
  const { publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-384' });
  const jwk = publicKey.export({ format: 'jwk' });
  const x = b64uToBigInt(jwk.x!);
  const y = b64uToBigInt(jwk.y!);
  assert.equal(onCurve('P-384', x, y), true);
  assert.equal(onCurve('P-384', x, y ^ 1n), false);
  const p521 = generateKeyPairSync('ec', { namedCurve: 'P-521' }).publicKey.export({
    format: 'jwk',
  });
  assert.equal(onCurve('P-521', b64uToBigInt(p521.x!), b64uToBigInt(p521.y!)), true);
  const k1 = generateKeyPairSync('ec', { namedCurve: 'secp256k1' });
  assert.deepEqual(failed(await checkKey({ label: 'k1', ...k1 })), ['ec_curve']);
});

test('symmetric: good AES passes with KCVs; weak, zero, bad-parity and short keys fail', async () => {
  const aes = await checkKey({ label: 'a', secret: { algorithm: 'aes', key: randomBytes(32) } });
  assert.equal(aes.verdict, 'pass');
  assert.match(aes.kcv?.cmac ?? '', /^[0-9A-F]{6}$/);
  const zero = await checkKey({ label: 'z', secret: { algorithm: 'aes', key: Buffer.alloc(16) } });
  assert.deepEqual(failed(zero), ['all_zero']);
  const short = await checkKey({ label: 's', secret: { algorithm: 'aes', key: randomBytes(20) } });
  assert.deepEqual(failed(short), ['sym_length']);
  const weak = Buffer.from('0101010101010101' + '0123456789abcdef' + '89abcdef01234567', 'hex');
  assert.ok(
    failed(await checkKey({ label: 'w', secret: { algorithm: 'tdes', key: weak } })).includes(
      'des_weak',
    ),
  );
  const parity = Buffer.from('0123456789abcdef' + 'fedcba9876543210' + '89abcdef01234566', 'hex');
  assert.ok(
    failed(await checkKey({ label: 'p', secret: { algorithm: 'tdes', key: parity } })).includes(
      'des_parity',
    ),
  );
});

test('cryptoperiods: past end date, not rotated in time, within', async () => {
  const { publicKey, privateKey } = generateKeyPairSync('ed25519');
  const now = new Date('2026-11-29T00:00:00Z');
  const at = async (lifecycle: object): Promise<string[]> =>
    failed(await checkKey({ label: 'l', publicKey, privateKey, lifecycle }, now));
  assert.deepEqual(await at({ expiry: '2026-01-01T00:00:00Z' }), ['cryptoperiod']);
  assert.deepEqual(await at({ usage: 'sign', activation: '2022-01-01T00:00:00Z' }), [
    'cryptoperiod',
  ]);
  assert.deepEqual(await at({ usage: 'sign', activation: '2025-01-01T00:00:00Z' }), []);
});

test('cross checks: one key in two deployments, two moduli sharing a prime', async () => {
  const a = generateKeyPairSync('ed25519');
  const r1 = await checkKey({ label: 'one', ...a });
  const r2 = await checkKey({ label: 'two', ...a });
  const pubOnly = await checkKey({ label: 'three', publicKey: a.publicKey });
  assert.deepEqual(
    crossCheck([
      { report: r1, group: 'one' },
      { report: pubOnly, group: 'three' },
    ]).map(failed),
    [[], []],
  );
  const out = crossCheck([
    { report: r1, group: 'one' },
    { report: r2, group: 'two' },
  ]);
  assert.deepEqual(out.map(failed), [['duplicate'], ['duplicate']]);
  assert.deepEqual(
    crossCheck([
      { report: r1, group: 'g' },
      { report: r2, group: 'g' },
    ]).map(failed),
    [[], []],
  );
  const { generatePrimeSync } = await import('node:crypto');
  const [p, q, s] = [0, 1, 2].map(() => generatePrimeSync(1024, { bigint: true }));
  const key = (n: bigint) =>
    createPublicKey({ format: 'jwk', key: { kty: 'RSA', n: bigIntToB64u(n), e: 'AQAB' } });
  const m1 = await checkKey({ label: 'm1', publicKey: key(p! * q!) });
  const m2 = await checkKey({ label: 'm2', publicKey: key(p! * s!) });
  const shared = crossCheck([
    { report: m1, group: 'a' },
    { report: m2, group: 'b' },
  ]);
  assert.deepEqual(shared.map(failed), [['shared_prime'], ['shared_prime']]);
});
