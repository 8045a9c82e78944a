// Notification channels managed through the API: a security officer adds a webhook channel and
// its route, an alert reaches it signed, readers see it without its secret, the audit
// administrator cannot change it, configuration-file channels stay read-only, every change is an
// event naming the person (never the secret), and the channel survives a restart.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { verifyWebhookSignature } from '@keywatch/alert';
import { openServer, type KeywatchServer, type OpenServerOptions } from '@keywatch/server';
import { startWebhookSink, type WebhookSink } from '@keywatch/testkit';
import { auth } from './test-server.ts';

const SECRET = 'api-managed-webhook-secret-42';

interface ChannelView {
  name: string;
  kind: string;
  origin: string;
  settings: Record<string, unknown>;
  route: { minSeverity?: string } | null;
}

describe('channels API', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'kw-channels-'));
  const opts: OpenServerOptions = {
    dataDir,
    logger: false,
    origin: 'test.keywatch/channels',
    config: {
      alerting: {
        channels: [{ name: 'siem', kind: 'syslog', transport: 'udp', host: '127.0.0.1', port: 9 }],
      },
    },
  };
  let server: KeywatchServer;
  let sink: WebhookSink;
  let admin: string;
  let officer: string;
  let auditAdmin: string;
  let auditor: string;

  const call = (method: 'GET' | 'PUT' | 'DELETE', url: string, token: string, body?: object) =>
    server.app.inject({
      method,
      url,
      headers: { ...auth(token), ...(body && { 'content-type': 'application/json' }) },
      ...(body && { payload: JSON.stringify(body) }),
    });
  const list = async (token: string): Promise<ChannelView[]> => {
    const res = await call('GET', '/v1/channels', token);
    assert.equal(res.statusCode, 200, res.body);
    assert.ok(!res.body.includes(SECRET), 'no secret in the listing');
    return res.json<{ channels: ChannelView[] }>().channels;
  };

  before(async () => {
    sink = await startWebhookSink();
    server = await openServer(opts);
    admin = readFileSync(join(dataDir, 'initial-admin-token'), 'utf8').trim();
    const tokens = server.context.tokens;
    officer = (await tokens.create({ role: 'security_officer', name: 'sofia' })).token;
    auditAdmin = (await tokens.create({ role: 'audit_admin', name: 'carol' })).token;
    auditor = (await tokens.create({ role: 'auditor', name: 'ext' })).token;
  });
  after(async () => {
    await server.close();
    await sink.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  const webhook = () => ({
    channel: { kind: 'webhook', url: sink.url, secret: SECRET },
    route: { minSeverity: 'high' },
  });

  test('a security officer adds a webhook channel; the audit administrator and auditors cannot', async () => {
    for (const token of [auditAdmin, auditor]) {
      assert.equal((await call('PUT', '/v1/channels/soc', token, webhook())).statusCode, 403);
    }
    const res = await call('PUT', '/v1/channels/soc', officer, webhook());
    assert.equal(res.statusCode, 200, res.body);
    assert.deepEqual(res.json(), { name: 'soc', action: 'created' });
    const channels = await list(auditor);
    const soc = channels.find((c) => c.name === 'soc');
    assert.equal(soc?.origin, 'api');
    assert.equal(soc?.settings['secret'], '(set)');
    assert.equal(soc?.route?.minSeverity, 'high');
    assert.equal(channels.find((c) => c.name === 'siem')?.origin, 'config');
  });

  test('an alert routed to the new channel arrives signed with its secret', async () => {
    const ingest = (await server.context.tokens.create({ role: 'ingest', name: 'app' })).token;
    const res = await server.app.inject({
      method: 'POST',
      url: '/v1/events',
      headers: { ...auth(ingest), 'content-type': 'application/json' },
      payload: JSON.stringify([
        {
          time: new Date().toISOString(),
          type: 'key.destroy_scheduled',
          outcome: 'success',
          actor: { id: 'mallory', roles: ['key_admin'] },
          target: { type: 'key', id: 'payments-cmk' },
        },
      ]),
    });
    assert.equal(res.statusCode, 200, res.body);
    await sink.waitFor(1, 10_000);
    const req = sink.requests[0]!;
    assert.ok(
      verifyWebhookSignature(SECRET, req.headers['x-keywatch-signature'] as string, req.body),
    );
  });

  test('bad settings and configuration-file channels are refused with a code', async () => {
    const badRoute = await call('PUT', '/v1/channels/x', officer, {
      ...webhook(),
      route: { minSeverity: 'urgent' },
    });
    assert.equal(badRoute.statusCode, 400);
    const shortSecret = await call('PUT', '/v1/channels/x', officer, {
      channel: { kind: 'webhook', url: sink.url, secret: 'short' },
    });
    assert.equal(shortSecret.statusCode, 400);
    for (const res of [
      await call('PUT', '/v1/channels/siem', officer, webhook()),
      await call('DELETE', '/v1/channels/siem', admin),
    ]) {
      assert.equal(res.statusCode, 409, res.body);
      assert.equal(res.json<{ error: { code: string } }>().error.code, 'CONFLICT');
    }
    assert.equal((await call('DELETE', '/v1/channels/nope', officer)).statusCode, 404);
  });

  test('each change is an event naming the person; no leaf holds the secret', async () => {
    await server.context.sequencer.drain();
    const rows = await server.context.store.readLeaves(0, server.context.sequencer.size);
    const texts = rows.map((r) => Buffer.from(r.leaf).toString());
    assert.ok(
      texts.every((t) => !t.includes(SECRET)),
      'the secret never reaches the log',
    );
    const changes = texts
      .map((t) => JSON.parse(t) as { type: string; actor: { id: string }; target?: { id: string } })
      .filter((e) => e.type === 'system.config_change' && e.target?.id === 'soc');
    assert.equal(changes.length, 1);
    assert.equal(changes[0]!.actor.id, 'sofia');
  });

  test('the channel survives a restart, and deleting it is recorded', async () => {
    await server.close();
    server = await openServer(opts);
    assert.ok((await list(auditor)).some((c) => c.name === 'soc'));
    const res = await call('DELETE', '/v1/channels/soc', officer);
    assert.equal(res.statusCode, 200, res.body);
    assert.ok(!(await list(auditor)).some((c) => c.name === 'soc'));
    const logged = await server.app.inject({
      url: '/v1/events?type=system.config_change',
      headers: auth(auditor),
    });
    assert.ok(logged.body.includes('notification channel soc deleted'));
  });
});
