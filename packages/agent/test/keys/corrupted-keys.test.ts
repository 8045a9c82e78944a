// One flipped byte, wherever it falls, with the reason it is caught: in an RSA private key (the
// parts no longer agree — sign-then-verify alone misses most of these), in a deployed public key
// or certificate, and in an AES key (the inventory's fingerprint or KCV no longer matches).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { KeyInventoryEntry } from '@keywatch/protocol';
import { checkDeployedKeys } from '../../src/keys/check-deployed-keys.ts';
import { cmacKcv } from '../../src/keys/checks/key-check-value.ts';
import type { KeyReport } from '../../src/keys/checks/key-under-check.ts';

const dir = mkdtempSync(join(tmpdir(), 'kw-flip-'));
test.after(() => rmSync(dir, { recursive: true, force: true }));

const failed = (r: KeyReport): string[] =>
  r.findings.filter((f) => f.status === 'fail').map((f) => f.check);
const reason = (r: KeyReport, check: string): string =>
  r.findings.find((f) => f.check === check && f.status === 'fail')?.reason ?? '';

function flippedBytes(der: Buffer, at: number): Buffer {
  const copy = Buffer.from(der);
  copy[at]! ^= 0x01;
  return copy;
}

function flipped(name: string, der: Buffer, at: number): string {
  const path = join(dir, name);
  writeFileSync(path, flippedBytes(der, at));
  return path;
}

test('an RSA private key with one flipped byte anywhere in it fails', async () => {
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const der = privateKey.export({ format: 'der', type: 'pkcs8' });
  const good = join(dir, 'good.der');
  writeFileSync(good, der);
  const [ok] = await checkDeployedKeys({ files: [good] });
  assert.equal(ok!.verdict, 'pass', JSON.stringify(ok!.findings));
  assert.ok(ok!.findings.some((f) => f.check === 'rsa_private' && f.status === 'pass'));
  // Past the PKCS#8 header: n, e, d, p, q, dP, dQ, qInv — a flip in each is caught.
  const misses: number[] = [];
  const reasons = new Set<string>();
  for (let at = 40; at < der.length; at += 9) {
    const [r] = await checkDeployedKeys({ files: [flipped(`k${at}.der`, der, at)] });
    if (r!.verdict !== 'fail') misses.push(at);
    if (failed(r!).includes('rsa_private'))
      reasons.add(reason(r!, 'rsa_private').replace(/ \(.*\)/, ''));
  }
  assert.deepEqual(misses, [], `flips not caught at byte offsets ${misses.join(', ')}`);
  assert.deepEqual([...reasons], ['private key is inconsistent: corrupted']);
});

test('a flip in p is caught by rsa_private even though sign-then-verify still passes', async () => {
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const der = privateKey.export({ format: 'der', type: 'pkcs8' });
  // p is the fourth big integer of the RSAPrivateKey: find its bytes by value.
  const p = Buffer.from(privateKey.export({ format: 'jwk' }).p!, 'base64url');
  const at = der.indexOf(p) + 60;
  const [r] = await checkDeployedKeys({ files: [flipped('p.der', der, at)] });
  assert.equal(r!.findings.find((f) => f.check === 'pair')?.status, 'pass');
  assert.deepEqual(failed(r!), ['rsa_private']);
  assert.match(reason(r!, 'rsa_private'), /n ≠ p·q/);
});

test('a deployed public key, certificate or AES key with one flipped byte is a deployment mismatch', async () => {
  const { publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const spki = publicKey.export({ format: 'der', type: 'spki' });
  const pubPath = join(dir, 'svc.pub.der');
  writeFileSync(pubPath, spki);
  const aes = randomBytes(32);
  const jwk = (k: Buffer) =>
    JSON.stringify({ kty: 'oct', alg: 'A256GCM', k: k.toString('base64url') });
  const aesPath = join(dir, 'dek.jwk');
  writeFileSync(aesPath, jwk(aes));
  const [pubReport] = await checkDeployedKeys({ files: [pubPath] });
  const inventory: KeyInventoryEntry[] = [
    {
      id: 'svc-sign',
      algorithm: 'rsa',
      state: 'active',
      fingerprint: pubReport!.fingerprint!,
      locations: [pubPath],
    },
    {
      id: 'dek-1',
      algorithm: 'aes',
      size: 256,
      state: 'active',
      kcv: cmacKcv(aes),
      locations: [aesPath],
    },
  ];
  const clean = await checkDeployedKeys({ files: [pubPath, aesPath] }, { inventory });
  assert.deepEqual(
    clean.map((r) => r.verdict),
    ['pass', 'pass'],
  );

  // A byte in the middle of the SPKI is inside the modulus: still a key, another key.
  writeFileSync(pubPath, flippedBytes(spki, spki.length >> 1));
  const bad = Buffer.from(aes);
  bad[5]! ^= 0x80;
  writeFileSync(aesPath, jwk(bad));
  const [pubBad, aesBad] = await checkDeployedKeys({ files: [pubPath, aesPath] }, { inventory });
  for (const r of [pubBad!, aesBad!])
    assert.ok(failed(r).includes('inventory'), JSON.stringify(r.findings));
  assert.match(
    reason(pubBad!, 'inventory'),
    /^deployment mismatch: svc-sign expects sha256:[0-9a-f]{64}, found sha256:[0-9a-f]{64} \(corrupted or substituted\)$/,
  );
  assert.match(
    reason(aesBad!, 'inventory'),
    new RegExp(
      `^deployment mismatch: dek-1 expects KCV ${cmacKcv(aes)}, found KCV ${cmacKcv(bad)} \\(corrupted or substituted\\)$`,
    ),
  );
});
