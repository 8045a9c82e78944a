// Stateful detectors: first seen, rate baseline, time windows, silence, sequence gaps, clock
// skew, pending deletion, dual control — each on a small rule with its own settings.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ev, DAY, HOUR, MIN, T0 } from './support/events.ts';
import { engineOf, runAll, sigma } from './support/one-rule.ts';

const det = (block: string, detection = 's:\n  type|exists: true\ncondition: s') =>
  sigma(detection, 'product: keywatch', `detector:\n${block}`);

test('first_seen: silent while learning, new values after, retention forgets', () => {
  const e = engineOf([
    det(
      '  kind: first_seen\n  group: [target.id]\n  value: actor.id\n  learning: 1d\n  retention: 10d\n',
    ),
  ]);
  const use = (who: string, at: number) =>
    ev({ type: 'crypto.decrypt', actor: { id: who }, target: { id: 'k' }, at });
  assert.equal(
    runAll(e, [use('a', 0), use('b', HOUR), use('a', 2 * DAY), use('b', 2 * DAY)]).length,
    0,
  );
  const ds = runAll(e, [use('c', 3 * DAY), use('c', 4 * DAY), use('a', 20 * DAY)]);
  assert.deepEqual(
    ds.map((d) => d.dedupeKey),
    ['["r1","k","c"]', '["r1","k","a"]'],
  );
});

test('first_seen with global scope learns once for all groups', () => {
  const e = engineOf([
    det(
      '  kind: first_seen\n  group: [actor.id]\n  value: actor.ip\n  learning: 1d\n  scope: global\n',
    ),
  ]);
  const from = (who: string, ip: string, at: number) =>
    ev({ type: 'auth.login', actor: { id: who, ip }, at });
  assert.equal(runAll(e, [from('a', '1.1.1.1', 0), from('b', '2.2.2.2', 2 * DAY)]).length, 1);
});

test('rate_baseline: EWMA per hour, k x baseline and a minimum, once per hour', () => {
  const e = engineOf([
    det(
      '  kind: rate_baseline\n  group: [actor.id]\n  factor: 3\n  min_count: 20\n  learning_buckets: 5\n',
    ),
  ]);
  const burst = (hour: number, n: number) =>
    Array.from({ length: n }, (_, i) =>
      ev({ type: 'crypto.decrypt', actor: { id: 's' }, at: hour * HOUR + i * 1000 }),
    );
  const calm = Array.from({ length: 6 }, (_, h) => burst(h, 10)).flat();
  assert.equal(runAll(e, calm).length, 0);
  assert.equal(runAll(e, burst(6, 25)).length, 0, '25 < 3 x 10');
  const ds = runAll(e, burst(7, 40));
  assert.equal(ds.length, 1);
  assert.ok((ds[0]!.fields['baseline'] as number) > 9);
});

test('time_window: days, hours, holidays and zones (Intl)', () => {
  const e = engineOf([
    det(
      '  kind: time_window\n  time_zone: Europe/Berlin\n  hours: 08:00-18:00\n  holidays: [2026-03-03]\n',
    ),
  ]);
  const at = (iso: string) => ev({ type: 'key.create', at: Date.parse(iso) - T0 });
  assert.equal(runAll(e, [at('2026-03-02T16:59:00Z')]).length, 0, '17:59 Berlin, Monday');
  assert.equal(runAll(e, [at('2026-03-02T17:01:00Z')]).length, 1, '18:01 Berlin');
  assert.equal(runAll(e, [at('2026-03-03T10:00:00Z')]).length, 1, 'holiday');
  assert.equal(runAll(e, [at('2026-03-07T10:00:00Z')]).length, 1, 'Saturday');
  assert.equal(runAll(e, [at('2026-07-01T06:30:00Z')]).length, 0, '08:30 CEST, summer time');
  const night = engineOf([
    det('  kind: time_window\n  hours: 22:00-06:00\n  days: [mon, tue, wed, thu, fri, sat, sun]\n'),
  ]);
  assert.equal(runAll(night, [at('2026-03-02T23:00:00Z'), at('2026-03-02T12:00:00Z')]).length, 1);
});

test('source_silence: learned interval, registered streams, once per silence', () => {
  const e = engineOf([
    det(
      '  kind: source_silence\n  factor: 3\n  min_silence: 5m\n  min_samples: 3\n  expected:\n    cloudhsm/hsm-9: 10m\n',
    ),
  ]);
  runAll(
    e,
    Array.from({ length: 5 }, (_, i) => ev({ type: 'crypto.sign', at: i * MIN })),
  );
  assert.deepEqual(e.tick(T0 + 6 * MIN), []);
  assert.deepEqual(
    e.tick(T0 + 10 * MIN).map((d) => d.fields['stream']),
    ['vault/kms-1'],
  );
  assert.deepEqual(e.tick(T0 + 20 * MIN), []);
  assert.deepEqual(
    e.tick(T0 + 60 * MIN).map((d) => d.fields['stream']),
    ['cloudhsm/hsm-9'],
  );
});

test('sequence_gap: gaps after grace, reorder fills, reboot epochs and resets are not gaps', () => {
  const e = engineOf([det('  kind: sequence_gap\n  grace: 30s\n')]);
  const s = (seq: number, at: number, reboot = 1) =>
    ev({
      type: 'system.start',
      source: { kind: 'cloudhsm', host: 'h', seq },
      detail: { reboot_counter: reboot },
      at,
    });
  assert.equal(runAll(e, [s(1, 0), s(2, 1), s(4, 2), s(3, 3), s(7, 4)]).length, 0);
  const ds = e.tick(T0 + MIN);
  assert.deepEqual(
    ds.map((d) => d.fields['ranges']),
    [['5-6']],
  );
  assert.equal(
    runAll(e, [s(0, 2 * MIN, 2), s(1, 2 * MIN + 1, 2), s(0, 2 * MIN + 2, 2), s(1, 2 * MIN + 3, 2)])
      .length,
    0,
  );
  assert.deepEqual(e.tick(T0 + 10 * MIN), []);
});

test('clock_skew: ahead or behind beyond limits, once per stream until it recovers', () => {
  const e = engineOf([det('  kind: clock_skew\n  ahead: 1m\n  behind: 10m\n')]);
  const x = (delay: number) => ev({ type: 'crypto.sign', delay });
  const ds = runAll(e, [x(-2 * MIN), x(-2 * MIN), x(0), x(20 * MIN), x(5 * MIN)]);
  assert.deepEqual(
    ds.map((d) => d.fields['direction']),
    ['ahead', 'behind'],
  );
});

test('pending_deletion: use between schedule and cancel; expiry', () => {
  const e = engineOf([
    det(
      '  kind: pending_deletion\n  max_pending: 7d\n',
      's:\n  type|startswith: crypto.\ncondition: s',
    ),
  ]);
  const k = { id: 'k1' };
  const ds = runAll(e, [
    ev({ type: 'crypto.decrypt', target: k }),
    ev({ type: 'key.destroy_scheduled', target: k, at: 1 }),
    ev({ type: 'crypto.decrypt', target: k, outcome: 'failure', at: 2 }),
  ]);
  assert.equal(ds.length, 1);
  assert.equal(runAll(e, [ev({ type: 'crypto.decrypt', target: k, at: 8 * DAY })]).length, 0);
});

test('dual_control: reasons, window, other approver required', () => {
  const e = engineOf([
    det('  kind: dual_control\n  window: 1h\n', 's:\n  type: key.destroy\ncondition: s'),
  ]);
  const op = (change: string | undefined, at: number, who = 'carol') =>
    ev({
      type: 'key.destroy',
      actor: { id: who },
      at,
      ...(change ? { detail: { change_id: change } } : {}),
    });
  const approve = (change: string, who: string, at: number) =>
    ev({ type: 'change.approved', actor: { id: who }, detail: { change_id: change }, at });
  const reasons = runAll(e, [
    op(undefined, 0),
    op('C1', 0),
    approve('C2', 'carol', 0),
    op('C2', 1),
    approve('C3', 'bob', 0),
    op('C3', 2 * HOUR),
  ]).map((d) => d.fields['reason']);
  assert.deepEqual(reasons, [
    'no change id',
    'change not approved',
    'approved only by the actor (self-approval)',
    'no approval within 1h before the operation',
  ]);
  assert.equal(runAll(e, [approve('C4', 'bob', 3 * HOUR), op('C4', 3 * HOUR + MIN)]).length, 0);
});

test('detector state round-trips through snapshot/restore', () => {
  const text = det('  kind: first_seen\n  group: [target.id]\n  value: actor.id\n  learning: 1d\n');
  const a = engineOf([text]);
  runAll(a, [ev({ type: 'crypto.decrypt', actor: { id: 'x' }, target: { id: 'k' } })]);
  const b = engineOf([text]);
  b.restore(JSON.parse(JSON.stringify(a.snapshot())));
  assert.equal(
    runAll(b, [
      ev({ type: 'crypto.decrypt', actor: { id: 'x' }, target: { id: 'k' }, at: 3 * DAY }),
    ]).length,
    0,
  );
  assert.equal(
    runAll(b, [
      ev({ type: 'crypto.decrypt', actor: { id: 'y' }, target: { id: 'k' }, at: 3 * DAY }),
    ]).length,
    1,
  );
});
