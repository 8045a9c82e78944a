// A full spool drops nothing silently (docs/agents.md, "Spool and shipping"): a real agent process
// with a 200 kB spool produces 2,000 events while the server is down; its spool fills, new events
// are refused and counted, and agent.spool_full is written into the reserve. When the server is
// back, the log holds every event exactly once, each full episode's agent.spool_full and its
// agent.spool_resumed with the count refused, and the heartbeat shows the count too.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openServer, type KeywatchServer } from '@keywatch/server';
import { pollUntil } from '@keywatch/testkit';
import { KEYWATCH_BIN, runCli } from './cli-child.ts';

const COUNT = 2000;
const MAX_BYTES = 200_000;

const waitFor = <T>(what: string, fn: () => Promise<T | undefined> | T | undefined) =>
  pollUntil(what, fn, 90_000);

test(
  'a full spool refuses, counts and says so; nothing is lost',
  { timeout: 180_000 },
  async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kw-spool-full-'));
    const dataDir = join(dir, 'data');
    const stateDir = join(dir, 'agent');
    let server: KeywatchServer | undefined;
    let url = '';
    const open = async (port: number) => {
      server = await openServer({ dataDir, logger: false, origin: 'test.keywatch/log' });
      url = await server.app.listen({ port, host: '127.0.0.1' });
    };
    const closeServer = async () => {
      const s = server;
      server = undefined;
      await s?.close();
    };
    await open(0);
    const port = Number(new URL(url).port);
    const admin = readFileSync(join(dataDir, 'initial-admin-token'), 'utf8').trim();
    const call = async (method: string, path: string, body?: unknown) => {
      const r = await fetch(url + path, {
        method,
        headers: {
          authorization: `Bearer ${admin}`,
          ...(body !== undefined && { 'content-type': 'application/json' }),
        },
        ...(body !== undefined && { body: JSON.stringify(body) }),
      });
      return (await r.json()) as Record<string, unknown>;
    };
    let agent: ChildProcess | undefined;
    try {
      // The same selftest section on the server and in the local fallback: the agent starts on
      // the fallback while the server is down and keeps the module running when the server's
      // policy arrives.
      const policy = { selftest: { count: COUNT, chunk: 100 } };
      await call('PUT', '/v1/agent-groups/full/policy', policy);
      const tok = await call('POST', '/v1/agents/enrollment-tokens', { group: 'full' });
      const enrolled = await runCli([
        'agent',
        'enroll',
        '--server',
        url,
        '--token',
        String(tok['token']),
        '--state-dir',
        stateDir,
      ]);
      assert.equal(enrolled.status, 0, enrolled.stderr);
      const agentId = enrolled.stdout.trim();
      await closeServer();

      const config = join(dir, 'agent.yml');
      writeFileSync(
        config,
        [
          'heartbeat_seconds: 0.5',
          'retry_max_seconds: 0.3',
          'policy_refresh_seconds: 1',
          `spool: { max_bytes: ${MAX_BYTES}, segment_bytes: 32768 }`,
          `policy: { selftest: { count: ${COUNT}, chunk: 100 } }`,
          '',
        ].join('\n'),
      );
      agent = spawn(
        process.execPath,
        [KEYWATCH_BIN, 'agent', 'run', '--state-dir', stateDir, '--config', config],
        {
          stdio: ['ignore', 'ignore', 'pipe'],
        },
      );
      let agentLog = '';
      agent.stderr!.on('data', (d: Buffer) => (agentLog += d.toString()));
      const spoolBytes = () =>
        readdirSync(join(stateDir, 'spool'))
          .filter((f) => f.endsWith('.kws'))
          .reduce((n, f) => n + statSync(join(stateDir, 'spool', f)).size, 0);
      await waitFor('a full spool', async () =>
        spoolBytes() > MAX_BYTES - 64 * 1024 - 2000 ? true : undefined,
      );
      const emitted = Number(readFileSync(join(stateDir, 'selftest', 'progress'), 'utf8'));
      assert.ok(emitted < COUNT, `only ${emitted} of ${COUNT} fit while the server is down`);

      await open(port);
      const seen = await waitFor('every event in the log', async () => {
        const counts = new Map<number, number>();
        let cursor: string | null = null;
        do {
          const q: string = `/v1/events?type=agent.selftest&limit=1000${cursor ? `&cursor=${cursor}` : ''}`;
          const page = (await call('GET', q)) as {
            events: { detail: { n: number } }[];
            next: string | null;
          };
          for (const e of page.events) counts.set(e.detail.n, (counts.get(e.detail.n) ?? 0) + 1);
          cursor = page.next;
        } while (cursor);
        return counts.size === COUNT ? counts : undefined;
      });
      assert.deepEqual(
        [...seen].filter(([, c]) => c !== 1),
        [],
        'each event once',
      );

      const events = async (type: string) =>
        (
          (await call('GET', `/v1/events?type=${type}&limit=1000`)) as {
            events: {
              index: number;
              type: string;
              source?: { agent?: string };
              detail?: Record<string, unknown>;
            }[];
          }
        ).events.filter((e) => e.source?.agent === agentId);
      // Each episode opens with agent.spool_full; agent.spool_resumed notices carry the counts
      // (refusals while one is written go into the next), and the last one closes the episode.
      const full = await events('agent.spool_full');
      assert.ok(full.length >= 1, 'the full spool is an event');
      const notices = await waitFor('the last episode closed', async () => {
        const all = [
          ...(await events('agent.spool_full')),
          ...(await events('agent.spool_resumed')),
        ].sort((a, b) => a.index - b.index);
        return all.at(-1)?.type === 'agent.spool_resumed' ? all : undefined;
      });
      const refused = notices
        .filter((e) => e.type === 'agent.spool_resumed')
        .reduce((n, e) => n + Number(e.detail?.['refused'] ?? 0), 0);
      assert.ok(refused > 0, 'agent.spool_resumed counts what was refused');
      assert.deepEqual(await events('agent.sequence_gap'), []);
      // A heartbeat sent while refusals were still being counted carries a smaller number: wait
      // for one sent after the last notice.
      let counted: number | undefined;
      const health = await waitFor('a heartbeat counting the same refusals', async () => {
        const list = (await call('GET', '/v1/agents')) as {
          agents: { id: string; health: { spool?: { refused?: number } } | null }[];
        };
        const h = list.agents.find((a) => a.id === agentId)?.health;
        counted = h?.spool?.refused;
        return counted === refused ? h : undefined;
      }).catch(() => undefined);
      assert.equal(counted, refused, 'the heartbeat counts the same refusals');
      assert.ok(health);
      assert.doesNotMatch(agentLog, /SPOOL_CORRUPT|did not start/);
    } finally {
      agent?.kill('SIGKILL');
      await closeServer();
      rmSync(dir, { recursive: true, force: true });
    }
  },
);
