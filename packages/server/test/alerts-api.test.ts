// Detection and alerting through the server: an ingested event that a shipped rule matches becomes
// an alert (with its triggering log index), the alert change is in the log, a person can
// acknowledge and resolve it by role, and the configured webhook gets a signed notification.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { verifyWebhookSignature } from '@keywatch/alert';
import type { StoredEvent } from '@keywatch/protocol';
import { startWebhookSink, type WebhookSink } from '@keywatch/testkit';
import { auth, startTestServer, type TestServer } from './test-server.ts';

const SECRET = 'test-webhook-secret-0123456789';

interface AlertView {
  id: string;
  rule: { id: string; title: string };
  severity: string;
  status: string;
  count: number;
  eventIndexes: number[];
}

describe('alerts API', () => {
  let t: TestServer;
  let sink: WebhookSink;
  let ingest: string;
  let officer: string;
  let auditAdmin: string;
  let auditor: string;
  let destroyIndex: number;

  before(async () => {
    sink = await startWebhookSink();
    t = await startTestServer({
      config: {
        alerting: {
          channels: [{ name: 'soc', kind: 'webhook', url: sink.url, secret: SECRET }],
          routes: [{ name: 'soc', minSeverity: 'high' }],
        },
      },
    });
    ingest = await t.token('ingest');
    officer = await t.token('security_officer', 'sofia');
    auditAdmin = await t.token('audit_admin', 'carol');
    auditor = await t.token('auditor', 'ext-auditor');
    const res = await t.server.app.inject({
      method: 'POST',
      url: '/v1/events',
      headers: { ...auth(ingest), 'content-type': 'application/json' },
      payload: JSON.stringify([
        {
          id: 'benign-1',
          time: new Date().toISOString(),
          type: 'crypto.encrypt',
          outcome: 'success',
          actor: { id: 'svc-payments', roles: ['crypto_user'] },
          target: { type: 'key', id: 'k-1' },
        },
        {
          id: 'destroy-1',
          time: new Date().toISOString(),
          type: 'key.destroy_scheduled',
          outcome: 'success',
          actor: { id: 'mallory', roles: ['key_admin'] },
          target: { type: 'key', id: 'arn:aws:kms:eu-west-1:111122223333:key/payments' },
          detail: { pending_window_days: 7 },
        },
      ]),
    });
    assert.equal(res.statusCode, 200, res.body);
    destroyIndex = res.json<{ results: { index: number }[] }>().results[1]!.index;
    await t.server.context.sequencer.drain();
  });
  after(async () => {
    await t.close();
    await sink.stop();
  });

  const get = async <T>(url: string, token = auditAdmin): Promise<T> => {
    for (let i = 0; i < 100; i++) {
      const res = await t.server.app.inject({ url, headers: auth(token) });
      assert.equal(res.statusCode, 200, res.body);
      const body = res.json<T & { alerts?: unknown[] }>();
      if (!('alerts' in body) || body.alerts.length > 0) return body;
      await new Promise((r) => setTimeout(r, 50)); // detection runs after the durable commit
    }
    throw new Error(`nothing at ${url}`);
  };
  const post = (url: string, token: string, body: object) =>
    t.server.app.inject({
      method: 'POST',
      url,
      headers: { ...auth(token), 'content-type': 'application/json' },
      payload: JSON.stringify(body),
    });

  test('a shipped rule raises an alert naming its rule and triggering index', async () => {
    const { alerts } = await get<{ alerts: AlertView[] }>(
      '/v1/alerts?rule=bb3f6158-8931-4f19-9063-7976f6e07761',
    );
    assert.equal(alerts.length, 1);
    const a = alerts[0]!;
    assert.equal(a.status, 'open');
    assert.equal(a.severity, 'high');
    assert.match(a.rule.title, /Destruction/);
    assert.deepEqual(a.eventIndexes, [destroyIndex]);
    const critical = await t.server.app.inject({
      url: '/v1/alerts?severity=critical',
      headers: auth(auditor),
    });
    const ids = critical.json<{ alerts: AlertView[] }>().alerts.map((x) => x.id);
    assert.ok(!ids.includes(a.id), 'the severity filter leaves the high alert out');
  });

  test('the alert change is itself an event in the log', async () => {
    const res = await t.server.app.inject({
      url: '/v1/events?type=alert.opened',
      headers: auth(auditAdmin),
    });
    const events = res.json<{ events: StoredEvent[] }>().events;
    assert.ok(events.some((e) => e.type === 'alert.opened'));
  });

  test('roles: an auditor reads but cannot acknowledge; the audit admin can, then resolve; a second resolve conflicts', async () => {
    const [a] = (await get<{ alerts: AlertView[] }>('/v1/alerts?status=open&severity=high')).alerts;
    const denied = await post(`/v1/alerts/${a!.id}/acknowledge`, auditor, { comment: 'seen' });
    assert.equal(denied.statusCode, 403);
    const missing = await post(`/v1/alerts/${a!.id}/acknowledge`, auditAdmin, {});
    assert.equal(missing.statusCode, 400);
    const ack = await post(`/v1/alerts/${a!.id}/acknowledge`, auditAdmin, {
      comment: 'looking into it',
    });
    assert.equal(ack.statusCode, 200, ack.body);
    assert.equal(ack.json<{ alert: AlertView }>().alert.status, 'acknowledged');
    const res = await post(`/v1/alerts/${a!.id}/resolve`, officer, {
      comment: 'approved change CHG-1',
    });
    assert.equal(res.statusCode, 200, res.body);
    const again = await post(`/v1/alerts/${a!.id}/resolve`, officer, { comment: 'again' });
    assert.equal(again.statusCode, 409);
    assert.equal(again.json<{ error: { code: string } }>().error.code, 'CONFLICT');
    const detail = await t.server.app.inject({
      url: `/v1/alerts/${a!.id}`,
      headers: auth(auditor),
    });
    const history = detail.json<{ alert: { history: { actor: { id: string } }[] } }>().alert
      .history;
    assert.deepEqual(
      history.map((h) => h.actor.id),
      ['keywatch', 'carol', 'sofia'],
    );
    const logged = await t.server.app.inject({
      url: '/v1/events?type=alert.resolved',
      headers: auth(auditor),
    });
    assert.equal(logged.json<{ events: StoredEvent[] }>().events[0]?.actor.id, 'sofia');
  });

  test('the webhook channel gets a signed notification; the delivery is logged', async () => {
    await sink.waitFor(1, 10_000);
    const req = sink.requests[0]!;
    const sig = req.headers['x-keywatch-signature'];
    assert.equal(typeof sig, 'string');
    assert.ok(verifyWebhookSignature(SECRET, sig as string, req.body));
    assert.ok(req.headers['idempotency-key']);
    for (let i = 0; i < 100; i++) {
      const res = await t.server.app.inject({
        url: '/v1/events?type=notification.delivered',
        headers: auth(auditor),
      });
      if (res.json<{ events: StoredEvent[] }>().events.length > 0) return;
      await new Promise((r) => setTimeout(r, 50));
    }
    assert.fail('no notification.delivered event in the log');
  });

  test('GET /v1/rules lists the shipped pack to every reader', async () => {
    const res = await t.server.app.inject({ url: '/v1/rules', headers: auth(auditor) });
    const rules = res.json<{ rules: { id: string; level: string | null }[] }>().rules;
    assert.ok(rules.length >= 25, `${rules.length} rules`);
    assert.ok(rules.some((r) => r.id === 'bb3f6158-8931-4f19-9063-7976f6e07761'));
    const ingestDenied = await t.server.app.inject({ url: '/v1/rules', headers: auth(ingest) });
    assert.equal(ingestDenied.statusCode, 403);
  });

  test('site rules: a security officer adds one and it fires; the audit admin cannot; a bad rule names its line', async () => {
    const rule = [
      'title: Secret read by eve',
      'id: 5b0c2a55-0000-4000-8000-00000000e5e5',
      'logsource:',
      '  product: keywatch',
      'detection:',
      '  selection:',
      '    type: secret.read',
      '    actor.id: eve',
      '  condition: selection',
      'level: medium',
      '',
    ].join('\n');
    const put = (token: string, text: string) =>
      t.server.app.inject({
        method: 'PUT',
        url: '/v1/rules/site/eve-secrets',
        headers: { ...auth(token), 'content-type': 'application/json' },
        payload: JSON.stringify({ text }),
      });
    assert.equal((await put(auditAdmin, rule)).statusCode, 403);
    const bad = await put(
      officer,
      rule.replace('condition: selection', 'condition: selection and ('),
    );
    assert.equal(bad.statusCode, 400);
    assert.equal(bad.json<{ error: { code: string } }>().error.code, 'RULE_INVALID');
    assert.match(bad.json<{ error: { message: string } }>().error.message, /eve-secrets:\d+/);
    const ok = await put(officer, rule);
    assert.equal(ok.statusCode, 200, ok.body);
    const ingested = await post('/v1/events', ingest, [
      {
        id: 'eve-1',
        time: new Date().toISOString(),
        type: 'secret.read',
        outcome: 'success',
        actor: { id: 'eve', roles: ['crypto_user'] },
        target: { type: 'secret', id: 'db-password' },
      },
    ]);
    assert.equal(ingested.statusCode, 200, ingested.body);
    await t.server.context.sequencer.drain();
    await t.server.context.detection.idle();
    const { alerts } = await get<{ alerts: AlertView[] }>(
      '/v1/alerts?rule=5b0c2a55-0000-4000-8000-00000000e5e5',
    );
    assert.equal(alerts.length, 1);
    const changes = await t.server.app.inject({
      url: '/v1/events?type=system.config_change',
      headers: auth(auditor),
    });
    const ev = changes.json<{ events: StoredEvent[] }>().events[0];
    assert.equal(ev?.actor.id, 'sofia');
    assert.equal(ev?.target?.id, 'site:eve-secrets');
    const del = await t.server.app.inject({
      method: 'DELETE',
      url: '/v1/rules/site/eve-secrets',
      headers: auth(officer),
    });
    assert.equal(del.statusCode, 200, del.body);
  });

  test('the matches of one commit are raised in one alert transaction and one log append', async () => {
    const { alerts, detection, sequencer } = t.server.context;
    await detection.idle();
    const groups: number[] = [];
    const record = alerts.recordDetections.bind(alerts);
    alerts.recordDetections = (ds) => (groups.push(ds.length), record(ds));
    const appends: number[] = [];
    const appendOwn = sequencer.appendOwn.bind(sequencer);
    sequencer.appendOwn = (events) => {
      const n = events.filter((e) => e.type.startsWith('alert.')).length;
      if (n > 0) appends.push(n);
      return appendOwn(events);
    };
    try {
      const keys = ['g-1', 'g-2', 'g-3', 'g-4'];
      const res = await post('/v1/events', ingest, {
        events: keys.map((k) => ({
          id: `group-${k}`,
          time: new Date().toISOString(),
          type: 'key.destroy',
          outcome: 'success',
          actor: { id: 'mallory', roles: ['key_admin'] },
          target: { type: 'key', id: k },
        })),
      });
      assert.equal(res.statusCode, 200, res.body);
      await sequencer.drain();
      await detection.idle();
      assert.equal(groups.length, 1, 'one call for the commit');
      assert.ok(groups[0]! >= keys.length, `every match in it (${groups[0]})`);
      assert.deepEqual(appends, [groups[0]], 'their alert events in one append');
      const opened = await t.server.app.inject({
        url: '/v1/events?type=alert.opened&limit=100',
        headers: auth(auditor),
      });
      const events = opened.json<{ events: StoredEvent[] }>().events;
      const mine = events.filter((e) => /g-\d/.test(JSON.stringify(e.detail ?? {})));
      assert.ok(mine.length >= keys.length, `an alert.opened per key (${mine.length})`);
    } finally {
      alerts.recordDetections = record;
      sequencer.appendOwn = appendOwn;
    }
  });
});
