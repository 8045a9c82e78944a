// AlertStore conformance, outbox half: due claims with leases that come back after a crash,
// disjoint claims by concurrent dispatchers, and the settle rules. Run on every dialect.
import { beforeEach, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { AlertStore, LogStore } from '../src/index.ts';
import { rejectsWith, type OpenStore } from './conformance-suite.ts';
import { alertSummary, opening, outboxItem, T0 } from './alert-fixtures.ts';

const LEASE = 30_000;

export function outboxStoreTests(dialect: string, fresh: OpenStore, another: OpenStore): void {
  describe(`AlertStore conformance: ${dialect}: outbox`, () => {
    let store: LogStore;
    let outbox: AlertStore;
    beforeEach(async () => {
      store = await fresh();
      outbox = store.alerts();
    });
    const claim = (owner: string, nowMs: number, limit = 100, s = outbox) =>
      s.claimNotifications({ owner, nowMs, leaseMs: LEASE, limit });

    test('claims only due items, oldest due first, and counts attempts', async () => {
      await outbox.enqueueNotifications([
        outboxItem('n-late', { nextAttemptMs: T0 + 5000 }),
        outboxItem('n-b', { nextAttemptMs: T0 + 10 }),
        outboxItem('n-a', { nextAttemptMs: T0 }),
      ]);
      const first = await claim('d1', T0 + 100);
      assert.deepEqual(
        first.map((r) => [r.id, r.attempts, r.leaseOwner, r.leaseUntilMs]),
        [
          ['n-a', 1, 'd1', T0 + 100 + LEASE],
          ['n-b', 1, 'd1', T0 + 100 + LEASE],
        ],
      );
      assert.equal(first[0]?.payload, outboxItem('n-a').payload);
      assert.deepEqual(await claim('d2', T0 + 200), [], 'leased items are not claimed again');
      assert.deepEqual(
        (await claim('d2', T0 + 5000)).map((r) => r.id),
        ['n-late'],
      );
      assert.deepEqual((await claim('d1', T0 + 100, 1, outbox)).length, 0);
      await rejectsWith(claim('d1', T0, 0), 'INVALID_QUERY');
    });

    test('a claim never returns more than its limit', async () => {
      await outbox.enqueueNotifications(Array.from({ length: 40 }, (_, i) => outboxItem(`n-${i}`)));
      assert.equal((await claim('d1', T0, 10)).length, 10);
      assert.equal((await claim('d2', T0, 25)).length, 25);
      assert.equal((await claim('d3', T0, 25)).length, 5);
    });

    test('a crashed dispatcher’s lease runs out and the item is claimed again', async () => {
      await outbox.enqueueNotifications([outboxItem('n-1')]);
      assert.equal((await claim('crashed', T0)).length, 1);
      assert.deepEqual(await claim('d2', T0 + LEASE - 1), []);
      const again = await claim('d2', T0 + LEASE);
      assert.deepEqual(
        again.map((r) => [r.id, r.attempts, r.leaseOwner]),
        [['n-1', 2, 'd2']],
      );
      // The crashed owner's late verdicts no longer count; a delivery still does.
      const [retry] = await outbox.settleNotifications([
        { id: 'n-1', owner: 'crashed', atMs: T0, result: 'retry', nextAttemptMs: T0, error: 'x' },
      ]);
      assert.equal(retry, false);
      assert.deepEqual(
        await outbox.settleNotifications([
          { id: 'n-1', owner: 'crashed', atMs: T0 + 1, result: 'delivered' },
          { id: 'n-1', owner: 'd2', atMs: T0 + 2, result: 'delivered' },
        ]),
        [true, false],
      );
      const row = await outbox.getNotification('n-1');
      assert.equal(row?.state, 'delivered');
      assert.equal(row?.settledMs, T0 + 1);
      assert.equal(row?.leaseOwner, null);
    });

    test('settle: retry reschedules, failed and expired end, all under the owner’s lease', async () => {
      await outbox.enqueueNotifications(['r', 'f', 'e', 'd'].map((id) => outboxItem(id)));
      await claim('d1', T0);
      const applied = await outbox.settleNotifications([
        {
          id: 'r',
          owner: 'd1',
          atMs: T0,
          result: 'retry',
          nextAttemptMs: T0 + 700,
          error: 'HTTP 503',
        },
        { id: 'f', owner: 'd1', atMs: T0, result: 'failed', error: 'HTTP 400' },
        { id: 'e', owner: 'd1', atMs: T0, result: 'expired', error: 'max age reached' },
        { id: 'd', owner: 'd1', atMs: T0, result: 'delivered' },
        { id: 'missing', owner: 'd1', atMs: T0, result: 'delivered' },
      ]);
      assert.deepEqual(applied, [true, true, true, true, false]);
      const r = await outbox.getNotification('r');
      assert.deepEqual(
        [r?.state, r?.nextAttemptMs, r?.lastError, r?.leaseOwner],
        ['pending', T0 + 700, 'HTTP 503', null],
      );
      assert.equal((await outbox.getNotification('f'))?.lastError, 'HTTP 400');
      assert.deepEqual(await outbox.countNotifications(), {
        pending: 1,
        delivered: 1,
        failed: 1,
        expired: 1,
      });
      assert.deepEqual(await claim('d1', T0 + 699), []);
      assert.deepEqual(
        (await claim('d1', T0 + 700)).map((x) => [x.id, x.attempts]),
        [['r', 2]],
      );
      assert.deepEqual(
        await outbox.settleNotifications([{ id: 'f', owner: 'd1', atMs: T0, result: 'delivered' }]),
        [false],
        'a settled item stays settled',
      );
      assert.deepEqual(
        (await outbox.listNotifications({ state: 'pending', limit: 10 })).map((x) => x.id),
        ['r'],
      );
    });

    test('notifications written with an alert change are there, and only if it committed', async () => {
      await outbox.applyDetection('key:a-1', T0, () =>
        opening(alertSummary('a-1'), [outboxItem('n-1'), outboxItem('n-2')]),
      );
      await assert.rejects(
        outbox.applyDetection(
          'key:a-2',
          T0,
          () =>
            opening(alertSummary('a-2'), [
              outboxItem('n-3', { alertId: 'a-2' }),
              outboxItem('n-1'),
            ]), // duplicate id
        ),
      );
      assert.equal(await outbox.getAlert('a-2'), undefined);
      assert.equal(await outbox.getNotification('n-3'), undefined);
      assert.deepEqual(
        (await outbox.listNotifications({ alertId: 'a-1', limit: 10 })).map((x) => x.id),
        ['n-1', 'n-2'],
      );
    });

    test('concurrent claimers take disjoint sets that cover the backlog', async () => {
      const n = 200;
      await outbox.enqueueNotifications(
        Array.from({ length: n }, (_, i) => outboxItem(`n-${i}`, { nextAttemptMs: T0 + i })),
      );
      const stores = dialect === 'postgres' ? [outbox, (await another()).alerts()] : [outbox];
      const claimed: string[][] = [[], [], [], []];
      await Promise.all(
        claimed.map(async (mine, k) => {
          for (;;) {
            const rows = await claim(`d${k}`, T0 + n, 7, stores[k % stores.length]);
            assert.ok(rows.length <= 7, `claimed ${rows.length} for a limit of 7`);
            if (rows.length === 0) return;
            mine.push(...rows.map((r) => r.id));
          }
        }),
      );
      const all = claimed.flat();
      assert.equal(new Set(all).size, all.length, 'no item claimed twice');
      assert.equal(all.length, n);
    });

    test('notifications survive closing and reopening the store', async () => {
      await outbox.enqueueNotifications([outboxItem('n-1')]);
      await store.close();
      const reopened = await another();
      assert.deepEqual((await reopened.alerts().getNotification('n-1'))?.state, 'pending');
    });
  });
}
