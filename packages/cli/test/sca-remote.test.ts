// `keywatch sca remote` over the system ssh client against a real sshd on loopback, reading a
// planted tree (--remote-prefix) and sending its results to a running server, where
// GET /v1/sca/results shows them for the host; the host's package inventory goes with them and
// the server assesses it against the baseline of the group that lists the host, by itself.
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
  const baseline = await fetch(new URL('/v1/sca/baselines/remote-kms', server.url), {
    method: 'PUT',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify({
      packages: { openssl: '>= 3.0.11', 'luna-client': '*' },
      hosts: ['127.0.0.1'],
    }),
  });
  assert.equal(baseline.status, 200, await baseline.text());
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
  // The inventory arrived and was compared with the baseline without another request.
  let drift: { detail: { changes: { package: string; change: string }[] } }[] = [];
  for (let i = 0; i < 100 && drift.length === 0; i++) {
    await new Promise((res) => setTimeout(res, 100));
    const ev = await fetch(new URL('/v1/events?type=software.drift&host=127.0.0.1', server.url), {
      headers: { authorization: `Bearer ${token}` },
    });
    drift = ((await ev.json()) as { events: typeof drift }).events;
  }
  assert.equal(drift.length, 1);
  assert.deepEqual(
    drift[0]!.detail.changes.map((c) => `${c.package}:${c.change}`),
    ['luna-client:missing'],
  );
});
