// The agent's FIM server side when the server is away: the agent scans on its local policy and
// keeps its baseline; once the server is back it uploads that baseline (with the designated file's
// known-good content) exactly once, and a restart with local state uploads nothing again.
// In process: a real server on loopback, the real runtime and FimSyncModule, real files.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AgentRuntime, FimSyncModule, enrollAgent } from '@keywatch/agent';
import { openServer, type KeywatchServer } from '@keywatch/server';
import { waitFor } from './agent-process.ts';

test(
  'an agent that started without the server uploads its baseline once the server is back',
  { timeout: 60_000 },
  async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kw-fim-offline-'));
    const dataDir = join(dir, 'data');
    const tree = join(dir, 'tree');
    mkdirSync(tree);
    writeFileSync(join(tree, 'kms.conf'), 'pin = 1234\n');
    writeFileSync(join(tree, 'other'), 'x\n');
    const open = async (port = 0): Promise<{ server: KeywatchServer; url: string }> => {
      const server = await openServer({ dataDir, logger: false, origin: 'test.keywatch/offline' });
      const url = await server.app.listen({ port, host: '127.0.0.1' });
      return { server, url };
    };
    let { server, url } = await open();
    const admin = readFileSync(join(dataDir, 'initial-admin-token'), 'utf8').trim();
    const officer = {
      tokenId: 't',
      name: 'officer',
      role: 'security_officer',
      person: true,
    } as const;
    const { token } = await server.context.agents.enrollment.createToken(officer, {
      ttlMs: 60_000,
    });
    const state = join(dir, 'agent');
    const { agentId } = await enrollAgent({ server: url, token, stateDir: state });
    const port = Number(new URL(url).port);
    await server.close();
    const policy = {
      fim: {
        paths: [tree],
        restore: [join(tree, '*.conf')],
        commandPollSec: 0.2,
        realtime: false,
        hashWorkers: 0,
        dpkg: { enabled: false },
        audit: { enabled: false },
      },
    };
    const run = async () => {
      const fim = new FimSyncModule();
      const runtime = new AgentRuntime({
        stateDir: state,
        config: { policy, retry_max_seconds: 0.2, policy_refresh_seconds: 3600 },
        modules: [fim],
      });
      await runtime.start();
      return { fim, runtime };
    };
    let agent = await run();
    try {
      await agent.fim.scanner.whenIdle();
      assert.ok(agent.fim.scanner.getBaseline(), 'the local baseline exists without the server');
      assert.equal((agent.fim.health()['server'] as { synced: boolean }).synced, false);
      ({ server, url } = await open(port));
      const stored = await waitFor('fim.baseline_stored', async () => {
        const r = await server.app.inject({
          method: 'GET',
          url: '/v1/events?type=fim.baseline_stored',
          headers: { authorization: `Bearer ${admin}` },
        });
        return r.json<{ events: { detail?: Record<string, unknown> }[] }>().events[0];
      });
      assert.deepEqual(stored.detail?.['known_good'], [join(tree, 'kms.conf')]);
      assert.equal(stored.detail?.['entries'], 3);
      const latest = await server.context.store.fim().latestBaseline(agentId);
      assert.equal(latest?.version, 1);
      const synced = () => (agent.fim.health()['server'] as { synced: boolean }).synced;
      await waitFor('the agent knows', async () => Promise.resolve(synced() || undefined));

      // The same policy from the server this time: the module restarts on its local state.
      await server.context.agents.setPolicy({ agent: agentId }, policy, officer);
      await agent.runtime.stop();
      agent = await run();
      await agent.fim.scanner.whenIdle();
      await agent.fim.settled();
      assert.equal((await server.context.store.fim().latestBaseline(agentId))?.version, 1);
      assert.equal(synced(), true);
      assert.equal(agent.fim.scanner.health()['entries'], 3);
      const server2 = agent.fim.health()['server'] as { lastError?: string };
      assert.equal(server2.lastError, undefined, 'no upload was tried (it would be refused)');
    } finally {
      await agent.runtime.stop();
      await server.close();
      rmSync(dir, { recursive: true, force: true });
    }
  },
);
