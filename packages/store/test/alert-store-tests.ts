// AlertStore conformance, alert half: atomic writes, the dedupe lookup, the keyset list, and the
// exact round trip of every field. Run on every dialect by conformance-suite.ts.
import { beforeEach, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { AlertRecord, AlertStore, AlertWrite, LogStore } from '../src/index.ts';
import { rejectsWith, type OpenStore } from './conformance-suite.ts';
import { alertSummary, opening, outboxItem, T0 } from './alert-fixtures.ts';

function acknowledge(a: AlertRecord, atMs: number, comment: string): AlertWrite {
  const version = a.version + 1;
  return {
    alert: { ...a, status: 'acknowledged', version, updatedMs: atMs },
    history: [
      {
        version,
        atMs,
        action: 'acknowledged',
        fromStatus: a.status,
        toStatus: 'acknowledged',
        actor: { id: 'bob', role: 'security_officer' },
        comment,
      },
    ],
    outbox: [],
  };
}

export function alertStoreTests(dialect: string, fresh: OpenStore, another: OpenStore): void {
  describe(`AlertStore conformance: ${dialect}: alerts`, () => {
    let store: LogStore;
    let alerts: AlertStore;
    beforeEach(async () => {
      store = await fresh();
      alerts = store.alerts();
    });

    test('starts empty', async () => {
      assert.equal(await alerts.getAlert('a-1'), undefined);
      assert.deepEqual(await alerts.listAlerts({}, 10), []);
      assert.deepEqual(await alerts.countNotifications(), {
        pending: 0,
        delivered: 0,
        failed: 0,
        expired: 0,
      });
    });

    test('a new alert, its history and its notifications are written together and read back exactly', async () => {
      const odd = 'nul\u0000 esc\u0001 "q" ✓ 😀';
      const alert = alertSummary('a-1', { summary: odd, fields: { odd, list: [1, 'x'] } });
      let seen: AlertRecord | undefined | null = null;
      const written = await alerts.applyDetection('key:a-1', T0, (current) => {
        seen = current;
        return opening(alert, [outboxItem('n-1'), outboxItem('n-2', { channel: 'mail' })]);
      });
      assert.equal(seen, undefined);
      assert.equal(written?.alert.id, 'a-1');
      const got = await alerts.getAlert('a-1');
      assert.deepEqual(got, { ...alert, history: opening(alert).history });
      assert.equal((await alerts.getNotification('n-2'))?.channel, 'mail');
      const reader = await another(); // another connection (pool, or SQLite handle) sees it
      assert.deepEqual(await reader.alerts().getAlert('a-1'), got);
    });

    test('the dedupe lookup: open/acknowledged inside the window, suppressed at any time, never resolved', async () => {
      await alerts.applyDetection('k', T0, () => opening(alertSummary('old', { dedupeKey: 'k' })));
      const target = async (windowStart: number): Promise<string | undefined> => {
        let id: string | undefined;
        await alerts.applyDetection('k', windowStart, (c) => {
          id = c?.id;
          return undefined;
        });
        return id;
      };
      assert.equal(await target(T0), 'old');
      assert.equal(await target(T0 + 1), undefined, 'last seen before the window');
      await alerts.changeAlert('old', (a) => acknowledge(a, T0 + 5, ''));
      assert.equal(await target(T0), 'old');
      await alerts.changeAlert('old', (a) => ({
        ...acknowledge(a, T0 + 6, ''),
        alert: {
          ...a,
          status: 'suppressed',
          version: a.version + 1,
          suppression: { reason: 'maintenance', untilMs: T0 + 1000 },
        },
        history: [],
      }));
      assert.equal(await target(T0 + 999_999), 'old', 'suppressed: found whatever the window');
      await alerts.changeAlert('old', (a) => ({
        alert: { ...a, status: 'resolved', version: a.version + 1, suppression: null },
        history: [],
        outbox: [],
      }));
      assert.equal(await target(0), undefined, 'resolved alerts never fold');
      await alerts.applyDetection('k', T0, () =>
        opening(alertSummary('new', { dedupeKey: 'k', firstSeenMs: T0 + 10, lastSeenMs: T0 + 10 })),
      );
      assert.equal(await target(T0), 'new');
    });

    test('a throw in decide or change writes nothing', async () => {
      const boom = new Error('refused');
      await assert.rejects(
        alerts.applyDetection('k', T0, () => {
          throw boom;
        }),
        (err) => err === boom,
      );
      assert.equal(await alerts.getAlert('a-1'), undefined);
      await alerts.applyDetection('key:a-1', T0, () => opening(alertSummary('a-1')));
      await assert.rejects(
        alerts.changeAlert('a-1', () => {
          throw boom;
        }),
        (err) => err === boom,
      );
      assert.equal((await alerts.getAlert('a-1'))?.version, 1);
      await rejectsWith(
        alerts.changeAlert('nope', (a) => acknowledge(a, T0, '')),
        'NOT_FOUND',
      );
    });

    test('changeAlert increments the version and appends history; a skipped version is refused', async () => {
      await alerts.applyDetection('key:a-1', T0, () => opening(alertSummary('a-1')));
      await alerts.changeAlert('a-1', (a) => acknowledge(a, T0 + 1, 'on it\u0000'));
      const got = await alerts.getAlert('a-1');
      assert.equal(got?.status, 'acknowledged');
      assert.equal(got?.version, 2);
      assert.deepEqual(
        got?.history.map((h) => [
          h.version,
          h.action,
          h.fromStatus,
          h.toStatus,
          h.actor.id,
          h.comment,
        ]),
        [
          [1, 'opened', null, 'open', 'keywatch', ''],
          [2, 'acknowledged', 'open', 'acknowledged', 'bob', 'on it\u0000'],
        ],
      );
      await rejectsWith(
        alerts.changeAlert('a-1', (a) => ({
          ...acknowledge(a, T0, ''),
          alert: { ...a, version: a.version + 2 },
        })),
        'INVALID_QUERY',
      );
      await rejectsWith(
        alerts.changeAlert('a-1', (a) => ({
          ...acknowledge(a, T0, ''),
          alert: { ...a, id: 'other', version: 3 },
        })),
        'INVALID_QUERY',
      );
      assert.equal((await alerts.getAlert('a-1'))?.version, 2);
    });

    test('concurrent detections with one dedupe key fold into one alert', async () => {
      // PG: two pools. SQLite: one handle (its connection mutex serializes; two handles in one
      // process would block each other's synchronous BEGIN IMMEDIATE).
      const other = dialect === 'postgres' ? (await another()).alerts() : alerts;
      const detect = (s: AlertStore, n: number) =>
        s.applyDetection('shared', 0, (c) =>
          c === undefined
            ? opening(alertSummary(`a-${n}`, { dedupeKey: 'shared' }))
            : {
                alert: { ...c, count: c.count + 1, version: c.version + 1 },
                history: [],
                outbox: [],
              },
        );
      await Promise.all(Array.from({ length: 10 }, (_, n) => detect(n % 2 ? other : alerts, n)));
      const list = await alerts.listAlerts({}, 100);
      assert.equal(list.length, 1);
      assert.equal(list[0]?.count, 10);
      assert.equal(list[0]?.version, 10);
    });

    test('applyDetections: a group in one transaction, in order; a throw writes none of it', async () => {
      const fold = (c: AlertRecord): AlertWrite => ({
        alert: { ...c, count: c.count + 1, version: c.version + 1 },
        history: [],
        outbox: [],
      });
      const seen: (string | undefined)[] = [];
      const writes = await alerts.applyDetections([
        {
          dedupeKey: 'k',
          windowStartMs: T0,
          decide: () => opening(alertSummary('a-k', { dedupeKey: 'k' })),
        },
        { dedupeKey: 'j', windowStartMs: T0, decide: () => undefined },
        {
          dedupeKey: 'k',
          windowStartMs: T0,
          decide: (c) => (seen.push(c?.id), c === undefined ? undefined : fold(c)),
        },
      ]);
      assert.deepEqual(seen, ['a-k'], "the third item saw the first one's alert");
      assert.deepEqual(
        writes.map((w) => w?.alert.version),
        [1, undefined, 2],
      );
      assert.equal((await alerts.getAlert('a-k'))?.count, 2);
      assert.deepEqual(await alerts.applyDetections([]), []);

      const boom = new Error('refused');
      await assert.rejects(
        alerts.applyDetections([
          { dedupeKey: 'k', windowStartMs: T0, decide: (c) => fold(c!) },
          { dedupeKey: 'n', windowStartMs: T0, decide: () => opening(alertSummary('a-n')) },
          {
            dedupeKey: 'm',
            windowStartMs: T0,
            decide: () => {
              throw boom;
            },
          },
        ]),
        (err) => err === boom,
      );
      assert.equal((await alerts.getAlert('a-k'))?.count, 2, 'the fold was rolled back');
      assert.equal(await alerts.getAlert('a-n'), undefined, 'the opening was rolled back');
    });

    test('applyDetections: overlapping groups in opposite orders, at once, do not deadlock', async () => {
      const other = dialect === 'postgres' ? (await another()).alerts() : alerts;
      const item = (key: string) => ({
        dedupeKey: key,
        windowStartMs: 0,
        decide: (c: AlertRecord | undefined): AlertWrite =>
          c === undefined
            ? opening(alertSummary(`a-${key}`, { dedupeKey: key }))
            : {
                alert: { ...c, count: c.count + 1, version: c.version + 1 },
                history: [],
                outbox: [],
              },
      });
      for (let round = 0; round < 10; round++) {
        await Promise.all([
          alerts.applyDetections([item('x'), item('y'), item('z')]),
          other.applyDetections([item('z'), item('y'), item('x')]),
        ]);
      }
      for (const key of ['x', 'y', 'z'])
        assert.equal((await alerts.getAlert(`a-${key}`))?.count, 20);
    });

    test('listAlerts: newest first, filters, keyset pages', async () => {
      const sev = ['info', 'low', 'medium', 'high', 'critical'] as const;
      for (let i = 0; i < 25; i++) {
        const a = alertSummary(`a-${String(i).padStart(2, '0')}`, {
          severity: sev[i % 5]!,
          rule: { id: `r-${i % 3}`, title: `Rule ${i % 3}` },
          status: i % 4 === 0 ? 'resolved' : 'open',
          firstSeenMs: T0 + Math.floor(i / 2) * 1000, // pairs share a time: the id breaks the tie
          lastSeenMs: T0 + i * 1000,
        });
        await alerts.applyDetection(a.dedupeKey, 0, () => opening(a));
      }
      const ids = (rows: { id: string }[]) => rows.map((r) => r.id);
      const all = await alerts.listAlerts({}, 100);
      assert.deepEqual(
        ids(all),
        Array.from({ length: 25 }, (_, i) => `a-${String(24 - i).padStart(2, '0')}`),
      );
      const paged: string[] = [];
      for (let before: { firstSeenMs: number; id: string } | undefined; ;) {
        const page = await alerts.listAlerts(before ? { before } : {}, 4);
        paged.push(...ids(page));
        if (page.length < 4) break;
        const last = page.at(-1)!;
        before = { firstSeenMs: last.firstSeenMs, id: last.id };
      }
      assert.deepEqual(paged, ids(all));
      const oracle = (p: (a: (typeof all)[number]) => boolean) => ids(all.filter(p));
      assert.deepEqual(
        ids(await alerts.listAlerts({ status: 'resolved' }, 100)),
        oracle((a) => a.status === 'resolved'),
      );
      assert.deepEqual(
        ids(await alerts.listAlerts({ severity: 'high' }, 100)),
        oracle((a) => a.severity === 'high'),
      );
      assert.deepEqual(
        ids(await alerts.listAlerts({ ruleId: 'r-1' }, 100)),
        oracle((a) => a.rule.id === 'r-1'),
      );
      assert.deepEqual(
        ids(await alerts.listAlerts({ sinceMs: T0 + 20_000, status: 'open' }, 100)),
        oracle((a) => a.lastSeenMs >= T0 + 20_000 && a.status === 'open'),
      );
      await rejectsWith(alerts.listAlerts({}, 0), 'INVALID_QUERY');
    });
  });
}
