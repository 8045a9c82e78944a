// The dispatcher's rules on a controlled clock: backoff, permanent failures, expiry, an audit log
// that cannot record (nothing settled, re-sent later under the same Idempotency-Key).
import { after, beforeEach, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { NativeEvent } from '@keywatch/protocol';
import type { AlertStore } from '@keywatch/store';
import { startWebhookSink, type WebhookSink } from '@keywatch/testkit';
import {
  AlertService,
  OutboxDispatcher,
  retryDelayMs,
  WebhookNotifier,
  type DispatcherOptions,
} from '../src/index.ts';
import { detection, T0, tempSqliteStore, type TempStore } from './fixtures.ts';

describe('OutboxDispatcher', () => {
  let temp: TempStore;
  let sink: WebhookSink;
  let alerts: AlertStore;
  let now: number;
  let audit: NativeEvent[];
  beforeEach(async () => {
    await temp?.cleanup();
    await sink?.stop();
    temp = await tempSqliteStore();
    sink = await startWebhookSink();
    alerts = temp.store.alerts();
    now = T0;
    audit = [];
    const service = new AlertService({
      store: alerts,
      routes: [{ name: 'soc' }],
      notificationMaxAgeMs: 60_000,
      now: () => now,
    });
    await service.recordDetection(detection());
  });
  after(async () => {
    await temp.cleanup();
    await sink.stop();
  });

  const dispatcher = (extra: Partial<DispatcherOptions> = {}) =>
    new OutboxDispatcher({
      store: alerts,
      channels: new Map([['soc', new WebhookNotifier({ url: sink.url, secret: 'x'.repeat(32) })]]),
      record: async (events) => void audit.push(...events),
      now: () => now,
      random: () => 0, // no jitter: exact delays
      backoff: { initialMs: 1000, maxMs: 8000, factor: 2 },
      leaseMs: 5000,
      ...extra,
    });
  const only = async () => (await alerts.listNotifications({ limit: 1 }))[0]!;

  test('backoff doubles up to its cap; jitter only shortens', () => {
    const p = { initialMs: 1000, maxMs: 8000, factor: 2, jitter: 0.5 };
    assert.deepEqual(
      [1, 2, 3, 4, 5, 9].map((n) => retryDelayMs(p, n, () => 0)),
      [1000, 2000, 4000, 8000, 8000, 8000],
    );
    assert.equal(
      retryDelayMs(p, 2, () => 1),
      1000,
    );
    assert.equal(
      retryDelayMs(p, 2, () => 0.5),
      1500,
    );
  });

  test('a 503 is retried after the backoff; the next attempt delivers', async () => {
    const d = dispatcher();
    sink.respondWith(503);
    assert.equal(await d.runOnce(), 1);
    const row = await only();
    assert.deepEqual(
      [row.state, row.nextAttemptMs, row.lastError],
      ['pending', T0 + 1000, 'HTTP 503'],
    );
    sink.respondWith(200);
    now += 999;
    assert.equal(await d.runOnce(), 0, 'not due yet');
    now += 1;
    assert.equal(await d.runOnce(), 1);
    assert.equal((await only()).state, 'delivered');
    assert.deepEqual(
      audit.map((e) => [e.type, e.outcome, e.detail?.['attempt']]),
      [
        ['notification.failed', 'failure', 1],
        ['notification.delivered', 'success', 2],
      ],
    );
    assert.equal(audit[0]?.detail?.['will_retry'], true);
    assert.equal(sink.requests.length, 2);
  });

  test('a 400 fails for good: no further attempt', async () => {
    const d = dispatcher();
    sink.respondWith(400);
    await d.runOnce();
    now += 60_000;
    assert.equal(await d.runOnce(), 0);
    assert.deepEqual([(await only()).state, sink.requests.length], ['failed', 1]);
    assert.equal(audit[0]?.detail?.['will_retry'], false);
  });

  test('a receiver down past the max age: the last attempt falls on the expiry, then it expires', async () => {
    await sink.stop();
    const d = dispatcher();
    let rounds = 0;
    for (; (await only()).state === 'pending' && rounds < 50; rounds++) {
      await d.runOnce();
      now = Math.max(now, (await only()).nextAttemptMs);
    }
    const row = await only();
    assert.equal(row.state, 'expired');
    assert.equal(row.lastError, 'ECONNREFUSED');
    const last = audit.at(-1)!;
    assert.equal(last.type, 'notification.expired');
    assert.equal(last.severity, 'high');
    // 1+2+4+8+8+8+8+8+8 s of backoff reach 55 s; the 10th attempt is at 60 s, the expiry.
    const failedAt = audit
      .filter((e) => e.type === 'notification.failed')
      .map((e) => Date.parse(e.time) - T0);
    assert.equal(failedAt.at(-1), 55_000);
    assert.equal(Date.parse(last.time) - T0, 60_000);
  });

  test('when the audit log cannot record, nothing is settled and it is sent again later, same key', async () => {
    let failRecord = true;
    const d = dispatcher({
      record: async (events) => {
        if (failRecord) throw new Error('log unavailable');
        audit.push(...events);
      },
    });
    await assert.rejects(d.runOnce(), /log unavailable/);
    assert.equal((await only()).state, 'pending');
    now += 4999;
    assert.equal(await d.runOnce(), 0, 'still leased');
    now += 1;
    failRecord = false;
    assert.equal(await d.runOnce(), 1);
    assert.equal((await only()).state, 'delivered');
    const keys = sink.requests.map((r) => r.headers['idempotency-key']);
    assert.equal(keys.length, 2);
    assert.equal(keys[0], keys[1], 'the receiver can drop the repeat');
    assert.deepEqual(
      audit.map((e) => e.id),
      [`notification:${keys[0] as string}:2`],
    );
  });

  test('a notification for a channel that is not configured waits for it', async () => {
    const d = dispatcher({ channels: new Map() });
    await d.runOnce();
    const row = await only();
    assert.equal(row.state, 'pending');
    assert.match(row.lastError ?? '', /no channel named soc/);
  });

  test('start/stop: the loop delivers what is due and stops cleanly', async () => {
    const wall = Date.now();
    await alerts.enqueueNotifications([
      {
        id: 'nt-live',
        alertId: 'al-x',
        channel: 'soc',
        payload: '{"id":"nt-live"}',
        createdMs: wall,
        expiresMs: wall + 60_000,
        nextAttemptMs: wall,
      },
    ]);
    const d = dispatcher({ now: Date.now, pollMs: 20 });
    d.start();
    try {
      await sink.waitFor(1, 5000); // the one from beforeEach is past its max age on the wall clock
    } catch {
      // asserted below
    } finally {
      await d.stop();
    }
    assert.equal((await alerts.getNotification('nt-live'))?.state, 'delivered');
    assert.equal(sink.requests.length, 1);
    assert.equal((await only()).state, 'expired');
  });
});
