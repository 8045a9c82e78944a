// `keywatch sca remote` over the system ssh client against a real sshd on loopback, reading a
// planted tree (--remote-prefix) and sending its results to a running server, where
// GET /v1/sca/results shows them for the host.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { killHard, startServe, type RunningServer } from './cli-process.ts';
import { compliantRoot } from '../../agent/test/sca/fake-root.ts';
import { startSshd, type LoopbackSshd } from '../../agent/test/sca/loopback-sshd.ts';

const POLICY = new URL('../../agent/policies/kms-hardening.yml', import.meta.url).pathname;
const bin = new URL('../bin/keywatch.mjs', import.meta.url).pathname;
const root = compliantRoot();
const dir = mkdtempSync(join(tmpdir(), 'kw-sca-remote-cli-'));
let sshd: LoopbackSshd;
let server: RunningServer;

before(async () => {
  sshd = await startSshd();
  server = await startServe(['--data-dir', join(dir, 'data')]);
});
after(async () => {
  sshd.stop();
  await killHard(server.child);
  root.remove();
  rmSync(dir, { recursive: true, force: true });
});

test('sca remote prints the checks and records them on the server under the host', async () => {
  root.write('etc/kms/keys/stray.key', 'k', 0o644, 4711);
  const token = readFileSync(join(dir, 'data', 'initial-admin-token'), 'utf8').trim();
  const args = [
    'sca',
    'remote',
    POLICY,
    '--ssh',
    'root@127.0.0.1',
    '--port',
    String(sshd.port),
    '--identity',
    sshd.identity,
  ];
  for (const o of sshd.options) args.push('-o', o);
  args.push('--remote-prefix', root.dir, '--server', server.url, '--token', token);
  const r = spawnSync(process.execPath, [bin, ...args], { encoding: 'utf8', timeout: 60_000 });
  assert.equal(r.status, 1, r.stderr);
  const rows = r.stdout
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as { id: string; result: string });
  assert.deepEqual(
    rows.filter((x) => x.result !== 'pass').map((x) => `${x.id}:${x.result}`),
    ['kms-010:fail', 'kms-011:fail'],
  );
  const res = await fetch(new URL('/v1/sca/results?host=127.0.0.1', server.url), {
    headers: { authorization: `Bearer ${token}` },
  });
  const body = (await res.json()) as {
    trend: { score: number; host: string }[];
    policies: { hosts: Record<string, { checks: Record<string, string> }> }[];
  };
  assert.equal(body.trend.length, 1);
  assert.equal(body.trend[0]?.host, '127.0.0.1');
  assert.equal(body.policies[0]?.hosts['127.0.0.1']?.checks['kms-011'], 'fail');
});
