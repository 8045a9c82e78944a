// The service over a real SQLite store: detections open and fold alerts, people change them, and
// routed notifications land in the outbox in the same transaction as the change.
import { after, beforeEach, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { validateEvent } from '@keywatch/protocol';
import {
  ALERT_EVENT_TYPES,
  AlertError,
  AlertService,
  type ChannelRoute,
  type NotificationPayload,
} from '../src/index.ts';
import { ALICE, detection, T0, tempSqliteStore, type TempStore } from './fixtures.ts';

describe('AlertService', () => {
  let temp: TempStore;
  let now = T0;
  let service: AlertService;
  const routes: ChannelRoute[] = [
    { name: 'soc', minSeverity: 'high' },
    { name: 'kms-team', tags: ['kms'], events: ['alert.opened', 'alert.resolved'] },
    { name: 'everything', events: ALERT_EVENT_TYPES },
  ];
  beforeEach(async () => {
    await temp?.cleanup();
    temp = await tempSqliteStore();
    now = T0;
    service = new AlertService({
      store: temp.store.alerts(),
      routes,
      dedupeWindowMs: 60_000,
      notificationMaxAgeMs: 3_600_000,
      now: () => now,
    });
  });
  after(() => temp.cleanup());

  test('a detection opens an alert and enqueues one notification per matching channel', async () => {
    const woken: number[] = [];
    service = new AlertService({
      store: temp.store.alerts(),
      routes,
      now: () => now,
      onNotifications: (n) => void woken.push(n.length),
    });
    const r = await service.recordDetection(detection());
    assert.deepEqual(woken, [3]);
    assert.equal(r.change.type, 'alert.opened');
    assert.deepEqual(r.notifications.map((n) => n.channel).sort(), [
      'everything',
      'kms-team',
      'soc',
    ]);
    const low = await service.recordDetection(
      detection({ dedupeKey: 'other', severity: 'low', tags: ['fim'] }),
    );
    assert.deepEqual(
      low.notifications.map((n) => n.channel),
      ['everything'],
    );
    assert.deepEqual(woken, [3, 1]);
    const stored = await temp.store.alerts().listNotifications({ alertId: r.alert.id, limit: 10 });
    assert.equal(stored.length, 3);
    const payload = JSON.parse(stored[0]!.payload) as NotificationPayload;
    assert.equal(payload.id, stored[0]!.id);
    assert.equal(payload.type, 'alert.opened');
    assert.equal(payload.alert.rule.title, 'Key destruction scheduled');
    assert.deepEqual(payload.alert.event_indexes, [41]);
    assert.equal(stored[0]!.expiresMs, T0 + 86_400_000, 'the default max age');
    for (const e of r.events) assert.ok(validateEvent(JSON.parse(JSON.stringify(e))).ok);
  });

  test('repeats inside the window fold; after it, a new alert opens', async () => {
    const first = await service.recordDetection(detection());
    now += 30_000;
    const again = await service.recordDetection(detection({ eventIndexes: [42, 43] }));
    assert.equal(again.alert.id, first.alert.id);
    assert.equal(again.change.type, 'alert.updated');
    assert.equal(again.alert.count, 2);
    assert.deepEqual(again.alert.eventIndexes, [41, 42, 43]);
    assert.deepEqual(
      again.notifications.map((n) => n.channel),
      ['everything'],
    );
    now += 60_001;
    const fresh = await service.recordDetection(detection());
    assert.notEqual(fresh.alert.id, first.alert.id);
    assert.equal(fresh.change.type, 'alert.opened');
  });

  test('people acknowledge, suppress and resolve; each change is stored with its history and recorded', async () => {
    const { alert } = await service.recordDetection(detection());
    now += 1000;
    const ack = await service.acknowledge(alert.id, ALICE, 'investigating');
    assert.equal(ack.events[0]?.type, 'alert.acknowledged');
    assert.equal(ack.events[0]?.actor.id, 'alice');
    now += 1000;
    await service.suppress(alert.id, ALICE, 'planned rotation', now + 10_000);
    now += 5000;
    const folded = await service.recordDetection(detection());
    assert.deepEqual(
      [folded.alert.id, folded.alert.status, folded.notifications.length],
      [alert.id, 'suppressed', 1],
    );
    now += 5000;
    const reopened = await service.recordDetection(detection());
    assert.deepEqual(
      [reopened.alert.id, reopened.change.type, reopened.alert.status],
      [alert.id, 'alert.reopened', 'open'],
    );
    await service.resolve(alert.id, { id: 'bob', role: 'security_officer' }, 'false positive');
    const stored = await service.get(alert.id);
    assert.deepEqual(
      stored.history.map((h) => `${h.action}:${h.actor.id}`),
      [
        'opened:keywatch',
        'acknowledged:alice',
        'suppressed:alice',
        'reopened:keywatch',
        'resolved:bob',
      ],
    );
    assert.equal(stored.count, 3);
    assert.equal((await service.list({ status: 'resolved' }, 10)).length, 1);
  });

  test('recordDetections: a group in one call; a refused detection is answered, the rest recorded', async () => {
    const [opened, refused, folded, other] = await service.recordDetections([
      detection(),
      detection({ severity: 'debug' as never }),
      detection({ eventIndexes: [42, 43] }),
      detection({ dedupeKey: 'other' }),
    ]);
    assert.ok(refused instanceof AlertError && refused.code === 'INVALID_DETECTION');
    assert.ok(!(opened instanceof AlertError) && !(folded instanceof AlertError));
    assert.ok(other !== undefined && !(other instanceof AlertError));
    assert.equal(opened?.change.type, 'alert.opened');
    assert.equal(folded?.alert.id, opened?.alert.id, 'the second match folds into the first');
    assert.equal(folded?.alert.count, 2);
    assert.notEqual(other.alert.id, opened?.alert.id);
    assert.equal((await service.get(opened.alert.id)).count, 2);
    assert.deepEqual(await service.recordDetections([]), []);
  });

  test('refusals are coded and write nothing', async () => {
    const { alert } = await service.recordDetection(detection());
    await assert.rejects(service.acknowledge('al_nope', ALICE, 'x'), isCode('ALERT_NOT_FOUND'));
    await assert.rejects(service.get('al_nope'), isCode('ALERT_NOT_FOUND'));
    await assert.rejects(service.acknowledge(alert.id, ALICE, ''), isCode('COMMENT_REQUIRED'));
    await service.resolve(alert.id, ALICE, 'done');
    await assert.rejects(
      service.acknowledge(alert.id, ALICE, 'late'),
      isCode('INVALID_TRANSITION'),
    );
    await assert.rejects(
      service.recordDetection(detection({ eventIndexes: [-1] })),
      isCode('INVALID_DETECTION'),
    );
    await assert.rejects(
      service.recordDetection(detection({ severity: 'debug' as never })),
      isCode('INVALID_DETECTION'),
    );
    assert.equal((await service.get(alert.id)).version, 2);
    assert.throws(
      () =>
        new AlertService({ store: temp.store.alerts(), routes: [{ name: 'a' }, { name: 'a' }] }),
      isCode('INVALID_CHANNEL_CONFIG'),
    );
  });
});

function isCode(code: AlertError['code']) {
  return (err: unknown) => err instanceof AlertError && err.code === code;
}
