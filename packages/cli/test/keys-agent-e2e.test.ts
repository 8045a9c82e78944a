// A real server and a real agent running the keys and perf modules from its group policy: the key
// the agent finds at an inventoried path is not the expected one, so the server records a
// critical key.deployment_mismatch and raises its alert; perf samples become a series.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { call, enrollViaCli, eventsOfType, startAgent, waitFor } from './agent-process.ts';
import { killHard, startServe } from './cli-process.ts';
import { makeBundle } from './keys-fixtures.ts';

test('agent keys and perf modules end to end', { timeout: 120_000 }, async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'kw-keys-agent-'));
  const { child: server, url } = await startServe(['--data-dir', join(dir, 'data')]);
  const running: { agent?: Awaited<ReturnType<typeof startAgent>> } = {};
  t.after(async () => {
    if (running.agent) await killHard(running.agent);
    await killHard(server);
    rmSync(dir, { recursive: true, force: true });
  });
  const admin = readFileSync(join(dir, 'data', 'initial-admin-token'), 'utf8').trim();
  const deployed = makeBundle(dir, 'svc');
  const expected = `sha256:${'0f'.repeat(32)}`;
  const inv = await call(url, admin, 'PUT', '/v1/keys', {
    keys: [
      {
        id: 'svc-tls',
        algorithm: 'rsa',
        fingerprint: expected,
        locations: [`${hostname()}:${deployed}`],
      },
    ],
  });
  assert.equal(inv.status, 200);
  const policy = {
    heartbeat_seconds: 0.5,
    keys: { paths: [deployed], interval_seconds: 3600 },
    perf: { interval_seconds: 1, bench_interval_seconds: 0 },
  };
  assert.equal((await call(url, admin, 'PUT', '/v1/agent-groups/kms/policy', policy)).status, 200);
  const stateDir = join(dir, 'agent');
  const agentId = await enrollViaCli(url, admin, stateDir, ['--group', 'kms']);
  running.agent = await startAgent(stateDir);

  const mismatch = await waitFor(
    'key.deployment_mismatch',
    async () => (await eventsOfType(url, admin, 'key.deployment_mismatch'))[0],
  );
  assert.equal(mismatch.severity, 'critical');
  assert.equal(mismatch.detail?.['expected_fingerprint'], expected);
  assert.equal(mismatch.source?.agent, agentId);
  const observed = (await eventsOfType(url, admin, 'key.observed'))[0]!;
  assert.ok(!JSON.stringify(observed).includes('PRIVATE KEY'));
  await waitFor('the mismatch alert', async () => {
    const r = await call(url, admin, 'GET', '/v1/alerts?severity=critical');
    return (r.json as { alerts: { rule: { title: string } }[] }).alerts.find(
      (a) => a.rule.title === 'Deployed Key Differs From the Inventory',
    );
  });
  const series = await waitFor('a cpu.total series', async () => {
    const r = await call(
      url,
      admin,
      'GET',
      `/v1/perf/series?host=${hostname()}&metric=cpu.total&resolution=0`,
    );
    const pts = (r.json as { points: unknown[] }).points;
    return pts.length >= 2 ? pts : undefined;
  });
  assert.ok(series.length >= 2);
});
