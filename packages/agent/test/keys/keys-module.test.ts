// The `keys` agent module: one key.observed event per scan with a report per key, and no private
// or secret material in anything it emits — not the PEM bodies, not any private JWK member in
// hex, base64 or base64url, not an AES key in any of those, not a key inside a token.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { createPrivateKey, generateKeyPairSync, randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { NativeEvent } from '@keywatch/protocol';
import type { AgentContext } from '../../src/agent-module.ts';
import { KeysModule } from '../../src/keys/keys-module.ts';
import { parseKeysPolicy } from '../../src/keys/keys-policy.ts';
import { makeToken, SOFTHSM } from '../../../cli/test/keys-fixtures.ts';

function encodings(b: Buffer): string[] {
  return [
    b.toString('hex'),
    b.toString('hex').toUpperCase(),
    b.toString('base64'),
    b.toString('base64url'),
  ].map((s) => s.replace(/=+$/, ''));
}

/** Every 20-character window of every encoding must be absent (a partial leak counts). */
function assertAbsent(haystack: string, secret: Buffer, what: string): void {
  for (const enc of encodings(secret))
    for (let i = 0; i + 20 <= enc.length; i += 10)
      assert.ok(
        !haystack.includes(enc.slice(i, i + 20)),
        `${what} leaked (${enc.slice(i, i + 20)})`,
      );
}

test('keys module: reports every key, and no private or secret bytes leave the host', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'kw-keys-mod-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const keysDir = join(dir, 'keys');
  mkdirSync(keysDir);
  const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const ec = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  writeFileSync(join(keysDir, 'rsa.pem'), rsa.privateKey.export({ type: 'pkcs8', format: 'pem' }));
  writeFileSync(join(keysDir, 'ec.key'), ec.privateKey.export({ type: 'sec1', format: 'pem' }));
  const aes = randomBytes(32);
  writeFileSync(
    join(keysDir, 'data.jwk'),
    JSON.stringify({ kty: 'oct', alg: 'A256GCM', k: aes.toString('base64url') }),
  );
  execFileSync(
    'openssl',
    [
      'req',
      '-x509',
      '-newkey',
      'rsa:2048',
      '-nodes',
      '-keyout',
      'p12.key',
      '-out',
      'p12.crt',
      '-days',
      '90',
      '-subj',
      '/CN=p12',
    ],
    { cwd: dir, stdio: 'ignore' },
  );
  execFileSync(
    'openssl',
    [
      'pkcs12',
      '-export',
      '-inkey',
      'p12.key',
      '-in',
      'p12.crt',
      '-out',
      join(keysDir, 'svc.p12'),
      '-passout',
      'pass:pw',
    ],
    { cwd: dir },
  );
  const tokenAes = randomBytes(32);
  const tok = makeToken(mkdtempSync(join(dir, 'hsm-')), tokenAes);
  process.env['SOFTHSM2_CONF'] = tok.env['SOFTHSM2_CONF'];
  process.env['KW_TEST_PIN'] = '1234';
  process.env['KW_TEST_P12'] = 'pw';
  t.after(() => {
    delete process.env['KW_TEST_PIN'];
    delete process.env['KW_TEST_P12'];
  });

  const emitted: NativeEvent[] = [];
  const ctx: AgentContext = {
    agentId: 'a-test',
    stateDir: dir,
    emit: async (e) => {
      emitted.push(e);
    },
    request: async () => ({}),
    log: () => {},
  };
  const policy = parseKeysPolicy({
    paths: [keysDir],
    pkcs11: [{ module: SOFTHSM, slot: tok.slot, pin_env: 'KW_TEST_PIN' }],
    pkcs12_password_env: 'KW_TEST_P12',
    interval_seconds: 3600,
  });
  const mod = new KeysModule();
  await mod.scan(ctx, policy);
  assert.equal(emitted.length, 1);
  const e = emitted[0]!;
  assert.equal(e.type, 'key.observed');
  const reports = (
    e.detail as { reports: { label: string; verdict: string; kcv?: { cmac?: string } }[] }
  ).reports;
  assert.equal(reports.length, 7, JSON.stringify(reports.map((r) => r.label))); // 4 files + 3 token objects
  assert.deepEqual(
    reports.filter((r) => r.verdict === 'fail'),
    [],
  );
  assert.deepEqual(mod.health()['failing'], 0);

  const text = JSON.stringify(emitted);
  for (const k of [rsa.privateKey, ec.privateKey]) {
    const jwk = k.export({ format: 'jwk' });
    for (const m of ['d', 'p', 'q', 'dp', 'dq', 'qi'] as const)
      if (jwk[m]) assertAbsent(text, Buffer.from(jwk[m], 'base64url'), `private member ${m}`);
  }
  assertAbsent(text, aes, 'AES key');
  assertAbsent(text, tokenAes, 'token AES key');
  // The PKCS#12's private key, read back with openssl: its private members must not appear either
  // (the modulus may: it is public, and the server's batch GCD needs it).
  const p12key = createPrivateKey(
    execFileSync('openssl', ['pkey', '-in', 'p12.key'], { cwd: dir }),
  );
  const pj = p12key.export({ format: 'jwk' });
  for (const m of ['d', 'p', 'q', 'dp', 'dq', 'qi'] as const)
    assertAbsent(text, Buffer.from(pj[m]!, 'base64url'), `PKCS#12 ${m}`);
  assert.ok(!/PRIVATE KEY/.test(text));
});

test('keys policy: malformed sections are refused with POLICY_INVALID', () => {
  assert.throws(() => parseKeysPolicy({ paths: 'x' }), { code: 'POLICY_INVALID' });
  assert.throws(() => parseKeysPolicy({ interval_seconds: 1 }), { code: 'POLICY_INVALID' });
  assert.throws(() => parseKeysPolicy({ pkcs11: [{ module: 'm' }] }), { code: 'POLICY_INVALID' });
});
