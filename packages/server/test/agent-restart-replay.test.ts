// Replay protection across a server restart (agents/agent-request-auth.ts): a real agent process
// (`keywatch agent run`) talks to the server through a loopback proxy that records its requests.
// A recorded request replayed before the restart is AGENT_REPLAY; the server is closed and opened
// again over the same data directory and port, and the same recording replayed is refused with
// AGENT_TIMESTAMP_REFUSED — while the agent itself keeps working: every event it emitted before,
// during and after the restart is in the log exactly once, and its heartbeats arrive again.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AGENT_HEADERS } from '@keywatch/protocol';
import { openServer, type KeywatchServer } from '@keywatch/server';
import { pollUntil } from '@keywatch/testkit';
import { KEYWATCH_BIN, runCli } from './cli-child.ts';

interface Recorded {
  method: string;
  url: string;
  headers: Record<string, string>;
  body: Buffer;
}

/** Forwards to the server, keeping every request it passes (a wire tap). */
function recordingProxy(target: () => string, log: Recorded[]): Promise<Server> {
  const proxy = createServer((req: IncomingMessage, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const headers: Record<string, string> = {};
      for (const [k, v] of Object.entries(req.headers))
        if (typeof v === 'string' && k !== 'host' && k !== 'connection') headers[k] = v;
      const rec = { method: req.method!, url: req.url!, headers, body: Buffer.concat(chunks) };
      log.push(rec);
      replay(target(), rec)
        .then(async (r) => {
          res.writeHead(r.status, Object.fromEntries(r.headers));
          res.end(Buffer.from(await r.arrayBuffer()));
        })
        .catch(() => res.writeHead(502).end());
    });
  });
  return new Promise((resolve) => proxy.listen(0, '127.0.0.1', () => resolve(proxy)));
}

function replay(base: string, rec: Recorded): Promise<Response> {
  const headers = { ...rec.headers };
  delete headers['content-length'];
  delete headers['transfer-encoding'];
  return fetch(base + rec.url, {
    method: rec.method,
    headers,
    ...(rec.body.length > 0 && { body: rec.body }),
  });
}

const port = (s: Server): number => (s.address() as { port: number }).port;

async function get(url: string, token: string): Promise<unknown> {
  const r = await fetch(url, { headers: { authorization: `Bearer ${token}` } });
  return r.json();
}

test(
  'a request recorded before a restart is refused after it; the agent keeps working',
  { timeout: 240_000 },
  async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kw-replay-'));
    const dataDir = join(dir, 'data');
    const stateDir = join(dir, 'agent');
    let server: KeywatchServer | undefined;
    let serverUrl = '';
    const open = async (listenPort: number) => {
      server = await openServer({ dataDir, logger: false, origin: 'test.keywatch/log' });
      serverUrl = await server.app.listen({ port: listenPort, host: '127.0.0.1' });
      return server;
    };
    await open(0);
    const serverPort = Number(new URL(serverUrl).port);
    const wire: Recorded[] = [];
    const proxy = await recordingProxy(() => serverUrl, wire);
    const proxyUrl = `http://127.0.0.1:${port(proxy)}`;
    let agent: ChildProcess | undefined;
    try {
      const admin = readFileSync(join(dataDir, 'initial-admin-token'), 'utf8').trim();
      const put = (path: string, body: unknown) =>
        fetch(serverUrl + path, {
          method: path.startsWith('/v1/agents/enrollment') ? 'POST' : 'PUT',
          headers: { authorization: `Bearer ${admin}`, 'content-type': 'application/json' },
          body: JSON.stringify(body),
        });
      const policy = (count: number) => ({
        heartbeat_seconds: 0.3,
        selftest: { count, chunk: 20 },
      });
      assert.equal((await put('/v1/agent-groups/replay/policy', policy(500))).status, 200);
      const tok = (await (
        await put('/v1/agents/enrollment-tokens', { group: 'replay' })
      ).json()) as {
        token: string;
      };
      // Not spawnSync: the proxy runs on this event loop.
      const enrolled = await runCli([
        'agent',
        'enroll',
        '--server',
        proxyUrl,
        '--token',
        tok.token,
        '--state-dir',
        stateDir,
      ]);
      assert.equal(enrolled.status, 0, enrolled.stderr);
      const agentId = enrolled.stdout.trim();
      const config = join(dir, 'agent.yml');
      writeFileSync(config, 'policy_refresh_seconds: 0.5\nretry_max_seconds: 0.3\n');
      agent = spawn(
        process.execPath,
        [KEYWATCH_BIN, 'agent', 'run', '--state-dir', stateDir, '--config', config],
        {
          stdio: ['ignore', 'ignore', 'pipe'],
        },
      );
      let agentLog = '';
      agent.stderr!.on('data', (d: Buffer) => (agentLog += d.toString()));

      const selftests = async (): Promise<Map<number, number>> => {
        const seen = new Map<number, number>();
        let cursor: string | null = null;
        do {
          const q: string = `/v1/events?type=agent.selftest&limit=1000${cursor ? `&cursor=${cursor}` : ''}`;
          const page = (await get(serverUrl + q, admin)) as {
            events: { detail: { n: number } }[];
            next: string | null;
          };
          for (const e of page.events) seen.set(e.detail.n, (seen.get(e.detail.n) ?? 0) + 1);
          cursor = page.next;
        } while (cursor);
        return seen;
      };
      const lastHeartbeat = async (): Promise<number> => {
        const list = (await get(serverUrl + '/v1/agents', admin)) as {
          agents: { id: string; last_heartbeat: string | null }[];
        };
        return Date.parse(list.agents.find((a) => a.id === agentId)?.last_heartbeat ?? '') || 0;
      };
      await pollUntil('the first 500 events', async () =>
        (await selftests()).size === 500 ? true : undefined,
      );

      // Recorded from the wire: an accepted batch of events. Replayed now: the nonce is known.
      const batch = wire.find((r) => r.url === '/v1/agents/events' && r.method === 'POST');
      assert.ok(batch, 'the proxy saw the agent ship events');
      const before = await replay(serverUrl, batch);
      assert.equal(before.status, 401);
      assert.equal(
        ((await before.json()) as { error: { code: string } }).error.code,
        'AGENT_REPLAY',
      );

      // More events; the server goes away while the agent emits and ships them, then returns.
      assert.equal((await put('/v1/agent-groups/replay/policy', policy(3000))).status, 200);
      await pollUntil('the agent on the new policy', async () =>
        (await selftests()).size > 500 ? true : undefined,
      );
      await server!.close();
      await new Promise((r) => setTimeout(r, 1500));
      const restartedMs = Date.now();
      await open(serverPort);

      const after = await replay(serverUrl, batch);
      assert.equal(after.status, 401, 'a recorded request is not accepted after a restart');
      const refusal = (await after.json()) as { error: { code: string } };
      assert.equal(refusal.error.code, 'AGENT_TIMESTAMP_REFUSED');
      assert.ok(after.headers.get(AGENT_HEADERS.serverTime), 'the refusal carries the server time');
      const heartbeat = wire.find((r) => r.url === '/v1/agents/heartbeat');
      assert.ok(heartbeat);
      assert.equal((await replay(serverUrl, heartbeat)).status, 401);

      const seen = await pollUntil('all 3000 events', async () => {
        const s = await selftests();
        return s.size === 3000 ? s : undefined;
      });
      assert.deepEqual(
        [...seen].filter(([, c]) => c !== 1),
        [],
        'each event is in the log once',
      );
      await pollUntil('a heartbeat after the restart', async () =>
        (await lastHeartbeat()) > restartedMs ? true : undefined,
      );
      assert.doesNotMatch(agentLog, /POLICY_INVALID|SPOOL_CORRUPT/);
    } finally {
      agent?.kill('SIGKILL');
      await new Promise<void>((r) => proxy.close(() => r()));
      await server?.close();
      rmSync(dir, { recursive: true, force: true });
    }
  },
);
