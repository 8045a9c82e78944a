// A real server and a real agent process on loopback: enrollment through the CLI (key file 0600,
// agent.enrolled in the log), the group policy signed and applied (selftest events and a TCP probe
// arrive with their sequence numbers), GET /v1/agents with health, silence when the agent is
// stopped and recovery when it is back, revocation refusing the agent at once.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { AGENT_VERSION } from '@keywatch/agent';
import { mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { killHard, startServe } from './cli-process.ts';
import { call, enrollViaCli, eventsOfType, startAgent, waitFor } from './agent-process.ts';

interface AgentRow {
  id: string;
  status: string;
  last_seq: number | null;
  health: {
    version?: string;
    modules?: { selftest?: { emitted: number } };
    spool?: { pending: number };
  } | null;
}

test('enroll, run, report, fall silent, recover, be revoked', { timeout: 120_000 }, async () => {
  const dir = mkdtempSync(join(tmpdir(), 'kw-agent-e2e-'));
  const kmip = createServer((s) => s.end());
  await new Promise<void>((r) => kmip.listen(0, '127.0.0.1', r));
  const kmipPort = (kmip.address() as { port: number }).port;
  const serverConfig = join(dir, 'server.yml');
  writeFileSync(
    serverConfig,
    'server:\n  agents:\n    silentAfterMs: 1500\n    checkEveryMs: 200\n',
  );
  const { child: server, url } = await startServe([
    '--data-dir',
    join(dir, 'data'),
    '--config',
    serverConfig,
  ]);
  let agent: Awaited<ReturnType<typeof startAgent>> | undefined;
  try {
    const admin = readFileSync(join(dir, 'data', 'initial-admin-token'), 'utf8').trim();
    const policy = {
      heartbeat_seconds: 0.3,
      selftest: { count: 300, chunk: 50 },
      probes: { interval_seconds: 60, tcp: [{ name: 'kmip', host: '127.0.0.1', port: kmipPort }] },
    };
    assert.equal(
      (await call(url, admin, 'PUT', '/v1/agent-groups/kms/policy', policy)).status,
      200,
    );
    const stateDir = join(dir, 'agent');
    const agentId = await enrollViaCli(url, admin, stateDir, ['--group', 'kms']);
    assert.match(agentId, /^a-[0-9a-f]{16}$/);
    assert.equal(statSync(join(stateDir, 'agent.key')).mode & 0o777, 0o600);
    assert.equal((await eventsOfType(url, admin, 'agent.enrolled'))[0]?.target?.id, agentId);

    agent = await startAgent(stateDir);
    const selftest = await waitFor('300 selftest events', async () => {
      const evs = await eventsOfType(url, admin, 'agent.selftest');
      return evs.length === 300 ? evs : undefined;
    });
    assert.deepEqual(
      selftest.map((e) => e.source?.seq).filter((s) => s !== undefined).length,
      300,
      'each carries its sequence number',
    );
    assert.ok(selftest.every((e) => e.source?.agent === agentId));
    const probe = await waitFor(
      'a probe.tcp event',
      async () => (await eventsOfType(url, admin, 'probe.tcp'))[0],
    );
    assert.equal(probe.outcome, 'success');
    assert.equal(probe.detail?.['port'], kmipPort);
    const created = await call(url, admin, 'POST', '/v1/tokens', { role: 'auditor', name: 'aud' });
    const reader = (created.json as { token: string }).token;
    const row = await waitFor('health with the selftest module', async () => {
      const list = (await call(url, reader, 'GET', '/v1/agents')).json as { agents: AgentRow[] };
      const a = list.agents.find((x) => x.id === agentId);
      return a?.health?.modules?.selftest?.emitted === 300 &&
        a.health.spool?.pending === 0 &&
        a.health.version === AGENT_VERSION
        ? a
        : undefined;
    });
    assert.equal(row.status, 'active');
    assert.ok((row.last_seq ?? 0) >= 300);
    assert.deepEqual(await eventsOfType(url, admin, 'agent.sequence_gap'), []);

    agent.kill('SIGTERM');
    await new Promise((r) => agent!.once('exit', r));
    await waitFor('agent.silent', async () => (await eventsOfType(url, admin, 'agent.silent'))[0]);
    agent = await startAgent(stateDir);
    await waitFor(
      'agent.recovered',
      async () => (await eventsOfType(url, admin, 'agent.recovered'))[0],
    );
    assert.equal(
      (await eventsOfType(url, admin, 'agent.selftest')).length,
      300,
      'a restart re-sends nothing new',
    );

    assert.equal(
      (await call(url, admin, 'POST', `/v1/agents/${agentId}/revoke`, { reason: 'test' })).status,
      200,
    );
    await waitFor('the revoked agent refused', async () => {
      const denied = await eventsOfType(url, admin, 'api.access_denied');
      return denied.find((e) => String(e.detail?.['url']).startsWith('/v1/agents/'));
    });
  } finally {
    if (agent) await killHard(agent);
    await killHard(server);
    kmip.close();
  }
});

test(
  'with the server down the agent runs on its local policy and spools; all arrives later',
  { timeout: 120_000 },
  async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kw-agent-offline-'));
    const dataDir = join(dir, 'data');
    let { child: server, url } = await startServe(['--data-dir', dataDir]);
    const port = new URL(url).port;
    const stateDir = join(dir, 'agent');
    let agent: Awaited<ReturnType<typeof startAgent>> | undefined;
    try {
      const admin = readFileSync(join(dataDir, 'initial-admin-token'), 'utf8').trim();
      await enrollViaCli(url, admin, stateDir);
      await killHard(server);
      const config = join(dir, 'agent.yml');
      writeFileSync(
        config,
        'retry_max_seconds: 0.2\npolicy:\n  selftest: { count: 120, chunk: 40 }\n',
      );
      agent = await startAgent(stateDir, config);
      await waitFor('the selftest events in the spool', async () => {
        const progress = join(stateDir, 'selftest', 'progress');
        return readdirSync(join(stateDir, 'selftest')).includes('progress') &&
          readFileSync(progress, 'utf8') === '120'
          ? true
          : undefined;
      });
      ({ child: server, url } = await startServe(['--data-dir', dataDir, '--port', port]));
      const events = await waitFor('120 events after the server is back', async () => {
        const evs = await eventsOfType(url, admin, 'agent.selftest');
        return evs.length === 120 ? evs : undefined;
      });
      assert.deepEqual(
        events.map((e) => e.source?.seq).sort((a, b) => a! - b!),
        Array.from({ length: 120 }, (_, i) => i + 1),
      );
    } finally {
      if (agent) await killHard(agent);
      await killHard(server);
    }
  },
);
