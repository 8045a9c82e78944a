// Correlation windows: event_count, value_count, temporal, temporal_ordered, chaining,
// at-close conditions, generate, group-by with aliases, bounded groups, snapshot/restore.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ev, MIN, T0 } from './support/events.ts';
import { engineOf, runAll, sigma } from './support/one-rule.ts';

const base = (name: string, det: string) =>
  sigma(det).replace('id: r1', `id: ${name}\nname: ${name}`);
const fail = base('fail', 's:\n  outcome: failure\ncondition: s');
const ok = base('ok', 's:\n  type: auth.login\n  outcome: success\ncondition: s');
const corr = (id: string, body: string, extra = '') =>
  `title: ${id}\nid: ${id}\nlevel: high\n${extra}correlation:\n${body}`;
const f = (who: string, at: number) =>
  ev({ type: 'auth.login', outcome: 'failure', actor: { id: who, ip: `10.0.0.${at % 7}` }, at });

test('event_count fires once per burst, per group, inside a sliding window', () => {
  const e = engineOf([
    fail,
    corr(
      'c',
      '  type: event_count\n  rules: [fail]\n  group-by: [actor.id]\n  timespan: 1m\n  condition: {gte: 3}\n',
    ),
  ]);
  const ds = runAll(e, [
    f('a', 0),
    f('b', 1000),
    f('a', 10_000),
    f('a', 70_000),
    f('a', 80_000),
    f('a', 90_000),
  ]);
  assert.deepEqual(
    ds.map((d) => [d.ruleId, d.dedupeKey, d.eventIndexes.length]),
    [['c', '["c","a"]', 3]],
  );
  assert.equal(ds[0]!.fields['count'], 3);
});

test('base rules referenced by a correlation do not alert unless generate: true', () => {
  const quiet = engineOf([
    fail,
    corr('c', '  type: event_count\n  rules: [fail]\n  timespan: 1m\n  condition: {gte: 9}\n'),
  ]);
  assert.equal(runAll(quiet, [f('a', 0)]).length, 0);
  const loud = engineOf([
    fail,
    corr(
      'c',
      '  type: event_count\n  rules: [fail]\n  timespan: 1m\n  condition: {gte: 9}\n',
      'generate: true\n',
    ),
  ]);
  assert.equal(runAll(loud, [f('a', 0)]).length, 1);
});

test('value_count counts distinct values in the window', () => {
  const e = engineOf([
    fail,
    corr(
      'c',
      '  type: value_count\n  rules: [fail]\n  group-by: [actor.id]\n  timespan: 10m\n  condition: {field: actor.ip, gt: 4}\n',
    ),
  ]);
  assert.equal(runAll(e, [f('a', 1), f('a', 1), f('a', 2), f('a', 3), f('a', 4)]).length, 0);
  assert.equal(runAll(e, [f('a', 5)]).length, 1);
});

test('temporal needs every rule in the window, in any order; temporal_ordered in order', () => {
  const t = engineOf([
    fail,
    ok,
    corr('c', '  type: temporal\n  rules: [ok, fail]\n  group-by: [actor.id]\n  timespan: 5m\n'),
  ]);
  assert.equal(runAll(t, [ev({ type: 'auth.login', actor: { id: 'a' } }), f('a', MIN)]).length, 1);
  const o = engineOf([
    fail,
    ok,
    corr(
      'c',
      '  type: temporal_ordered\n  rules: [fail, ok]\n  group-by: [actor.id]\n  timespan: 5m\n',
    ),
  ]);
  assert.equal(runAll(o, [ev({ type: 'auth.login', actor: { id: 'a' } }), f('a', MIN)]).length, 0);
  assert.equal(runAll(o, [ev({ type: 'auth.login', actor: { id: 'a' }, at: 2 * MIN })]).length, 1);
  assert.equal(
    runAll(o, [f('b', 0), ev({ type: 'auth.login', actor: { id: 'b' }, at: 6 * MIN })]).length,
    0,
  );
});

test('chained correlations and aliases (Sigma specification example)', () => {
  const many = corr(
    'many',
    '  type: event_count\n  rules: [fail]\n  group-by: [actor.id]\n  timespan: 10m\n  condition: {gte: 3}\n',
  ).replace('id: many', 'id: many\nname: many');
  const seq = corr(
    'seq',
    '  type: temporal_ordered\n  rules: [many, ok]\n  group-by: [user]\n  timespan: 1h\n  aliases:\n    user:\n      many: actor.id\n      ok: actor.id\n',
  );
  const e = engineOf([fail, ok, many, seq]);
  const ds = runAll(e, [
    f('a', 0),
    f('a', 1),
    f('a', 2),
    ev({ type: 'auth.login', actor: { id: 'a' }, at: MIN }),
  ]);
  assert.deepEqual(
    ds.map((d) => d.ruleId),
    ['seq'],
  );
  assert.equal(ds[0]!.eventIndexes.length, 4);
});

test('lt conditions are judged when the window closes (on tick)', () => {
  const e = engineOf([
    fail,
    corr(
      'c',
      '  type: event_count\n  rules: [fail]\n  group-by: [actor.id]\n  timespan: 10m\n  condition: {lt: 3}\n',
    ),
  ]);
  assert.equal(runAll(e, [f('a', 0), f('a', 1000), f('b', 0), f('b', 1), f('b', 2)]).length, 0);
  const closed = e.tick(T0 + 11 * MIN);
  assert.deepEqual(
    closed.map((d) => d.dedupeKey),
    ['["c","a"]'],
  );
});

test('groups are bounded and state survives snapshot/restore as JSON', () => {
  const rules = [
    fail,
    corr(
      'c',
      '  type: event_count\n  rules: [fail]\n  group-by: [actor.id]\n  timespan: 1h\n  condition: {gte: 2}\n',
    ),
  ];
  const e = engineOf(rules, { maxCorrelationGroups: 100 });
  runAll(
    e,
    Array.from({ length: 500 }, (_, i) => f(`u${i}`, i)),
  );
  assert.equal(e.stats().correlationGroups, 100);
  assert.equal(e.stats().evicted, 400);
  const snap = JSON.parse(JSON.stringify(e.snapshot())) as unknown;
  const e2 = engineOf(rules, { maxCorrelationGroups: 100 });
  e2.restore(snap);
  assert.equal(runAll(e2, [f('u499', 1000)]).length, 1);
  assert.equal(runAll(e2, [f('u0', 1000)]).length, 0);
  assert.throws(() => e2.restore({ version: 2 }), /SNAPSHOT_INVALID/);
});
