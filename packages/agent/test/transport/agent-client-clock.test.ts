// The client follows the server's clock: a loopback endpoint applies the server's timestamp rule
// (none ahead of its clock, none more than 5 minutes old; server agents/agent-request-auth.ts)
// with a clock set apart from this host's, answering AGENT_TIMESTAMP_REFUSED with
// Keywatch-Server-Time as the server does. The client re-signs once, then needs no more retries.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { generateKeyPairSync } from 'node:crypto';
import { createServer } from 'node:http';
import { AGENT_HEADERS } from '@keywatch/protocol';
import { AgentClient } from '../../src/transport/agent-client.ts';

async function withServerClock(offsetMs: number) {
  const seen: { timestamp: number; refused: boolean }[] = [];
  const server = createServer((req, res) => {
    const now = Date.now() + offsetMs;
    const ts = Number(req.headers[AGENT_HEADERS.timestamp]);
    const refused = ts > now || now - ts > 5 * 60_000;
    seen.push({ timestamp: ts, refused });
    res.setHeader(AGENT_HEADERS.serverTime, String(Date.now() + offsetMs));
    res.setHeader('content-type', 'application/json');
    if (refused) {
      res.statusCode = 401;
      res.end(JSON.stringify({ error: { code: 'AGENT_TIMESTAMP_REFUSED', message: 'clock' } }));
    } else res.end('{"ok":true}');
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as { port: number };
  const client = new AgentClient({
    server: `http://127.0.0.1:${port}`,
    agentId: 'a-0000000000000001',
    privateKey: generateKeyPairSync('ed25519').privateKey,
  });
  return { client, seen, close: () => new Promise((r) => server.close(r)) };
}

for (const [label, offset] of [
  ['behind this host by 60 s', -60_000],
  ['ahead by 10 minutes', 600_000],
] as const) {
  test(`a server clock ${label}: one refusal, then the offset is learned`, async () => {
    const s = await withServerClock(offset);
    try {
      assert.deepEqual(await s.client.request('POST', '/v1/agents/heartbeat', { health: {} }), {
        ok: true,
      });
      assert.deepEqual(
        s.seen.map((x) => x.refused),
        [true, false],
      );
      assert.ok(Math.abs(s.client.clockOffsetMs - offset) < 1000, `${s.client.clockOffsetMs}`);
      await s.client.request('GET', '/v1/agents/policy');
      await s.client.request('GET', '/v1/agents/policy');
      assert.deepEqual(
        s.seen.map((x) => x.refused),
        [true, false, false, false],
        'no more refusals',
      );
    } finally {
      await s.close();
    }
  });
}

test('a refusal without the server time is passed on, not retried', async () => {
  const server = createServer((_req, res) => {
    res.statusCode = 401;
    res.end(JSON.stringify({ error: { code: 'AGENT_TIMESTAMP_REFUSED', message: 'clock' } }));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as { port: number };
  const client = new AgentClient({
    server: `http://127.0.0.1:${port}`,
    agentId: 'a-0000000000000001',
    privateKey: generateKeyPairSync('ed25519').privateKey,
  });
  await assert.rejects(client.request('GET', '/v1/agents/policy'), /AGENT_TIMESTAMP_REFUSED/);
  await new Promise((r) => server.close(r));
});
