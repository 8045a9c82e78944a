// The outbox promise (docs/alerts.md): a webhook receiver that is down for a while gets every
// notification exactly once after it comes back, even when the dispatcher is restarted meanwhile
// and a crashed dispatcher still holds leases. The receiver is a real HTTP server on loopback,
// closed and reopened on the same port. Downtime: KEYWATCH_TEST_WEBHOOK_DOWNTIME_MS (default 3 s).
import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import type { NativeEvent } from '@keywatch/protocol';
import { validateEvent } from '@keywatch/protocol';
import type { LogStore } from '@keywatch/store';
import { startWebhookSink } from '@keywatch/testkit';
import {
  AlertService,
  OutboxDispatcher,
  verifyWebhookSignature,
  WebhookNotifier,
} from '../src/index.ts';
import { detection } from './fixtures.ts';
import { DIALECTS } from './temp-stores.ts';

const DOWNTIME_MS = Number(process.env['KEYWATCH_TEST_WEBHOOK_DOWNTIME_MS'] ?? 3000);
const N = 40;
const SECRET = 'restart-test-secret-0123456789';
const FAST = { initialMs: 100, maxMs: 400, factor: 2, jitter: 0.5 };

for (const [dialect, openTemp] of DIALECTS) {
  describe(`outbox across receiver downtime and dispatcher restart: ${dialect}`, () => {
    const cleanups: (() => Promise<void>)[] = [];
    after(async () => {
      for (const c of cleanups.reverse()) await c();
    });

    test(`every notification arrives exactly once after ${DOWNTIME_MS} ms of downtime`, async () => {
      const temp = await openTemp();
      cleanups.push(() => temp.cleanup());
      const sink = await startWebhookSink();
      cleanups.push(() => sink.stop());
      await sink.stop(); // the receiver is down from the start
      const started = Date.now();

      const service = new AlertService({ store: temp.store.alerts(), routes: [{ name: 'soc' }] });
      const ids: string[] = [];
      for (let i = 0; i < N; i++) {
        const r = await service.recordDetection(
          detection({ dedupeKey: `key-${i}`, eventIndexes: [i] }),
        );
        ids.push(...r.notifications.map((n) => n.id));
      }
      assert.equal(ids.length, N);

      const audit: NativeEvent[] = [];
      const channels = new Map([
        ['soc', new WebhookNotifier({ url: sink.url, secret: SECRET, timeoutMs: 1000 })],
      ]);
      const dispatcher = (store: LogStore, owner: string) =>
        new OutboxDispatcher({
          store: store.alerts(),
          channels,
          owner,
          record: async (events) => void audit.push(...events),
          batchSize: 8,
          leaseMs: 1500,
          pollMs: 50,
          backoff: FAST,
          onError: (err) => assert.fail(String(err)),
        });

      // First dispatcher: retries against the closed port for a while, then the process "ends".
      const first = dispatcher(temp.store, 'first');
      first.start();
      await sleep(DOWNTIME_MS / 3);
      await first.stop();
      // A crashed dispatcher holds leases on some notifications: they must come back.
      const crashed = await temp.store.alerts().claimNotifications({
        owner: 'crashed',
        nowMs: Date.now() + 5000,
        leaseMs: 1500,
        limit: 10,
      });
      assert.equal(crashed.length, 10);
      await temp.store.close();

      // Second dispatcher on a fresh connection, as after a restart; the receiver is still down.
      const second = dispatcher(await temp.reopen(), 'second');
      second.start();
      cleanups.push(() => second.stop());
      await sleep(Math.max(0, started + DOWNTIME_MS - Date.now()));
      assert.equal(sink.requests.length, 0);
      const failedSoFar = audit.filter((e) => e.type === 'notification.failed').length;
      assert.ok(failedSoFar >= N, `attempts were made while down (${failedSoFar})`);

      await sink.restart();
      await sink.waitFor(N, 20_000);
      await sleep(500); // room for a duplicate to show up, if there were one
      await second.stop();

      const keys = sink.requests.map((r) => r.headers['idempotency-key'] as string);
      assert.equal(sink.requests.length, N, 'exactly one request per notification');
      assert.deepEqual([...keys].sort(), [...ids].sort());
      for (const r of sink.requests) {
        const sig = r.headers['x-keywatch-signature'] as string;
        assert.ok(verifyWebhookSignature(SECRET, sig, r.body), 'signed');
        assert.equal(
          (JSON.parse(r.body.toString()) as { id: string }).id,
          r.headers['idempotency-key'],
        );
      }
      const delivered = audit.filter((e) => e.type === 'notification.delivered');
      assert.equal(delivered.length, N, 'one delivered record per notification');
      assert.equal(
        new Set(audit.map((e) => e.id)).size,
        audit.length,
        'audit event ids are unique',
      );
      for (const e of audit) assert.ok(validateEvent(JSON.parse(JSON.stringify(e))).ok);
      const store = (await temp.reopen()).alerts();
      assert.deepEqual(await store.countNotifications(), {
        pending: 0,
        delivered: N,
        failed: 0,
        expired: 0,
      });
      const late = await store.getNotification(crashed[0]!.id);
      assert.ok(late!.attempts >= 2 && late!.state === 'delivered');
    });
  });
}
