// keywatch keys check: the deployment gate, run as a pipeline would, on keys made in the test with
// openssl and node:crypto and on a real SoftHSM2 token. Each bad key is caught with its reason.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes, generateKeyPairSync, createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cmacKcv } from '@keywatch/agent';
import { rocaModulus } from '../../agent/test/keys/roca-modulus.ts';
import {
  kw,
  makeBundle,
  makeExpired,
  makeToken,
  ossl,
  rsaPublicPem,
  sharedPrimePair,
  SOFTHSM,
  swapTokenPublic,
} from './keys-fixtures.ts';

const dir = mkdtempSync(join(tmpdir(), 'kw-keys-cli-'));
test.after(() => rmSync(dir, { recursive: true, force: true }));

const lineFor = (out: string, label: string): string =>
  out.split('\n').find((l) => l.split(' ')[1] === label) ?? '';

test('good keys pass with exit 0: a key+certificate bundle, an EC key, an SSH host key', () => {
  const bundle = makeBundle(dir, 'good');
  ossl(dir, [
    'genpkey',
    '-algorithm',
    'EC',
    '-pkeyopt',
    'ec_paramgen_curve:P-384',
    '-out',
    'ec.key',
  ]);
  const ssh = generateKeyPairSync('ed25519').publicKey.export({ format: 'jwk' });
  const blob = Buffer.concat([
    Buffer.from('\0\0\0\x0bssh-ed25519\0\0\0\x20', 'latin1'),
    Buffer.from(ssh.x!, 'base64url'),
  ]);
  writeFileSync(join(dir, 'host.pub'), `ssh-ed25519 ${blob.toString('base64')} root@kms-1\n`);
  const r = kw(['keys', 'check', bundle, join(dir, 'ec.key'), join(dir, 'host.pub')]);
  assert.equal(r.status, 0, r.stdout + r.stderr);
  assert.match(lineFor(r.stdout, bundle), /^PASS .* rsa-2048 sha256:[0-9a-f]{64} ok$/);
  assert.match(lineFor(r.stdout, join(dir, 'ec.key')), /^PASS .* P-384 /);
  assert.match(lineFor(r.stdout, join(dir, 'host.pub')), /^PASS .* Ed25519 /);
  // The fingerprint is SHA-256 of the DER SubjectPublicKeyInfo, as openssl computes it.
  const spki = Buffer.from(
    ossl(dir, ['x509', '-in', 'good.crt', '-pubkey', '-noout']).replace(/-----[^-]+-----|\s/g, ''),
    'base64',
  );
  assert.ok(r.stdout.includes(`sha256:${createHash('sha256').update(spki).digest('hex')}`));
});

test('a corrupted certificate and a corrupted private key (one flipped byte) fail', () => {
  makeBundle(dir, 'flip');
  ossl(dir, ['x509', '-in', 'flip.crt', '-outform', 'DER', '-out', 'flip.cer']);
  const der = readFileSync(join(dir, 'flip.cer'));
  der[Math.floor(der.length / 2)]! ^= 0x01; // inside the subject public key's modulus
  writeFileSync(join(dir, 'flip.der'), der);
  const key = Buffer.from(
    readFileSync(join(dir, 'flip.key'), 'utf8').replace(/-----[^-]+-----|\s/g, ''),
    'base64',
  );
  key[40]! ^= 0x01; // inside the modulus of the PKCS#8 RSAPrivateKey
  writeFileSync(join(dir, 'flipkey.der'), key);
  const r = kw(['keys', 'check', join(dir, 'flip.der'), join(dir, 'flipkey.der')]);
  assert.equal(r.status, 1);
  assert.match(
    lineFor(r.stdout, join(dir, 'flip.der')),
    /^FAIL .*cert_signature: certificate signature does not verify/,
  );
  // Its parts no longer agree, whatever sign-then-verify makes of it (rsa_private).
  assert.match(
    lineFor(r.stdout, join(dir, 'flipkey.der')),
    /^FAIL .*rsa_private: private key is inconsistent \(n ≠ p·q\): corrupted/,
  );
});

test('a substituted key is a deployment mismatch against the inventory', () => {
  const good = makeBundle(dir, 'inv');
  const first = kw(['keys', 'check', '--json', good]);
  const fp = (JSON.parse(first.stdout.split('\n')[0]!) as { fingerprint: string }).fingerprint;
  writeFileSync(
    join(dir, 'inventory.csv'),
    `id,algorithm,size,state,fingerprint,locations\npay-tls,rsa,2048,active,${fp},${good}\n`,
  );
  assert.equal(kw(['keys', 'check', '--inventory', join(dir, 'inventory.csv'), good]).status, 0);
  makeBundle(dir, 'inv'); // a new key at the same place: substituted
  const r = kw(['keys', 'check', '--inventory', join(dir, 'inventory.csv'), good]);
  assert.equal(r.status, 1);
  assert.match(
    r.stdout,
    /^FAIL .*inventory: deployment mismatch: pay-tls expects sha256:[0-9a-f]{64}, found sha256:/m,
  );
  // The right key again, but the inventory says its cryptoperiod ended: SP 800-57 fails it.
  const fp2 = (
    JSON.parse(kw(['keys', 'check', '--json', good]).stdout.split('\n')[0]!) as {
      fingerprint: string;
    }
  ).fingerprint;
  writeFileSync(
    join(dir, 'inventory.json'),
    JSON.stringify([
      {
        id: 'pay-tls',
        algorithm: 'rsa',
        fingerprint: fp2,
        locations: [good],
        expiry: '2026-01-01T00:00:00Z',
      },
    ]),
  );
  const expired = kw(['keys', 'check', '--inventory', join(dir, 'inventory.json'), good]);
  assert.equal(expired.status, 1);
  assert.match(expired.stdout, /^FAIL .*cryptoperiod: past its cryptoperiod end 2026-01-01/m);
});

test('weak keys fail: RSA-1024, an all-zero AES key, a weak DES-keyed JWK is refused by length', () => {
  ossl(dir, [
    'genpkey',
    '-algorithm',
    'RSA',
    '-pkeyopt',
    'rsa_keygen_bits:1024',
    '-out',
    'weak.key',
  ]);
  writeFileSync(
    join(dir, 'zero.jwk'),
    JSON.stringify({ kty: 'oct', alg: 'A256GCM', k: Buffer.alloc(32).toString('base64url') }),
  );
  const r = kw(['keys', 'check', join(dir, 'weak.key'), join(dir, 'zero.jwk')]);
  assert.equal(r.status, 1);
  assert.match(
    lineFor(r.stdout, join(dir, 'weak.key')),
    /algorithm_policy: RSA-1024 is disallowed/,
  );
  assert.match(lineFor(r.stdout, join(dir, 'zero.jwk')), /^FAIL .*all_zero: key is all zeros/);
});

test('an expired certificate, a mismatched pair, a ROCA modulus and a shared prime fail', () => {
  const expired = makeExpired(dir);
  makeBundle(dir, 'a');
  makeBundle(dir, 'b');
  writeFileSync(
    join(dir, 'mixed.pem'),
    readFileSync(join(dir, 'a.key'), 'utf8') + readFileSync(join(dir, 'b.crt'), 'utf8'),
  );
  const n = rocaModulus(512) * rocaModulus(512) * rocaModulus(512) * rocaModulus(512);
  writeFileSync(join(dir, 'roca.pub'), rsaPublicPem(n));
  const [sp1, sp2] = sharedPrimePair(dir);
  const r = kw(['keys', 'check', expired, join(dir, 'mixed.pem'), join(dir, 'roca.pub'), sp1, sp2]);
  assert.equal(r.status, 1);
  assert.match(lineFor(r.stdout, expired), /^FAIL .*cert_expiry: certificate expired 2021-01-01/);
  assert.match(lineFor(r.stdout, join(dir, 'mixed.pem')), /^FAIL .*pair: sign-then-verify failed/);
  assert.match(
    lineFor(r.stdout, join(dir, 'roca.pub')),
    /^FAIL .*roca: modulus has the ROCA fingerprint/,
  );
  assert.match(lineFor(r.stdout, sp1), /^FAIL .*shared_prime/);
  assert.match(lineFor(r.stdout, sp2), /^FAIL .*shared_prime/);
});

test('PKCS#12 with its password from the environment; a wrong password fails the file', () => {
  ossl(dir, ['ecparam', '-name', 'prime256v1', '-out', 'ecparam.pem']);
  makeBundle(dir, 'p12', 365, 'ec:ecparam.pem');
  ossl(dir, [
    'pkcs12',
    '-export',
    '-inkey',
    'p12.key',
    '-in',
    'p12.crt',
    '-out',
    'p12.p12',
    '-passout',
    'pass:s3cret',
  ]);
  const p12 = join(dir, 'p12.p12');
  const ok = kw(['keys', 'check', p12], { KEYWATCH_PKCS12_PASSWORD: 's3cret' });
  assert.equal(ok.status, 0, ok.stdout + ok.stderr);
  assert.match(ok.stdout, /^PASS .* P-256 sha256:/);
  const bad = kw(['keys', 'check', p12], { KEYWATCH_PKCS12_PASSWORD: 'nope' });
  assert.equal(bad.status, 1);
  assert.match(bad.stdout, /^FAIL .*PASSPHRASE_REQUIRED/);
});

test('a SoftHSM2 token: pairs sign-then-verify in the token, the AES KCV is computed in the token', () => {
  const tdir = mkdtempSync(join(dir, 'hsm-'));
  const aes = randomBytes(32);
  const t = makeToken(tdir, aes);
  const r = kw(['keys', 'check', '--pkcs11', SOFTHSM, '--slot', t.slot], t.env);
  assert.equal(r.status, 0, r.stdout + r.stderr);
  assert.match(
    r.stdout,
    /^PASS pkcs11:slot=\d+;id=01;object=rsa rsa-2048 sha256:[0-9a-f]{64} ok$/m,
  );
  assert.match(r.stdout, /^PASS pkcs11:slot=\d+;id=02;object=ec P-256 /m);
  assert.match(
    r.stdout,
    new RegExp(`^PASS pkcs11:slot=\\d+;id=03;object=aes aes-256 kcv:${cmacKcv(aes)} ok$`, 'm'),
  );
  swapTokenPublic(tdir, t);
  const bad = kw(['keys', 'check', '--pkcs11', SOFTHSM, '--slot', t.slot], t.env);
  assert.equal(bad.status, 1);
  assert.match(
    bad.stdout,
    /^FAIL pkcs11:slot=\d+;id=01;object=rsa .*pair: sign-then-verify failed/m,
  );
});

test('usage errors exit 2', () => {
  assert.equal(kw(['keys', 'check']).status, 2);
  assert.equal(kw(['keys', 'check', '--pkcs11', SOFTHSM]).status, 2);
});
