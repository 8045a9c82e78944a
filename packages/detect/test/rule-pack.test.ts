// The shipped rule pack: every alerting rule fires on its positive case and stays silent on its
// near-miss negative case (issue 4, item 4). Cases live in rule-pack-cases.ts.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DetectionEngine, loadRules, RULE_PACK_DIR } from '@keywatch/detect';
import type { Detection } from '@keywatch/detect';
import { CASES } from './support/rule-pack-cases.ts';
import { T0 } from './support/events.ts';
import type { Case } from './support/rule-pack-cases.ts';

const pack = loadRules(RULE_PACK_DIR);

function run(c: Case): Detection[] {
  const engine = new DetectionEngine(pack);
  const out: Detection[] = [];
  for (const e of c.events()) out.push(...engine.process(e));
  if (c.tick !== undefined) out.push(...engine.tick(T0 + c.tick));
  return out;
}

const fired = (ds: Detection[], name: string) => ds.filter((d) => d.ruleName === name);

for (const [name, c] of Object.entries(CASES)) {
  test(`${name}: positive`, () => {
    const ds = fired(run(c.positive), name);
    assert.ok(ds.length >= 1, `${name} did not fire`);
    const d = ds[0]!;
    assert.ok(d.eventIndexes.length > 0, 'detection names its events');
    assert.ok(d.summary.length > 0 && d.dedupeKey.startsWith('['));
  });
  test(`${name}: negative`, () => {
    assert.deepEqual(fired(run(c.negative), name), []);
  });
}

test('every alerting rule of the pack has a case; base rules never alert', () => {
  const referenced = new Set([...pack.refs.values()].flat().map((r) => r.key));
  const alerting = pack.rules.filter((r) => !referenced.has(r.key)).map((r) => r.name);
  assert.deepEqual(alerting.sort(), Object.keys(CASES).sort());
  assert.ok(alerting.length >= 25);
});

test('every rule has a level, tags and an id', () => {
  const referenced = new Set([...pack.refs.values()].flat().map((r) => r.key));
  for (const r of pack.rules) {
    assert.match(r.id ?? '', /^[0-9a-f-]{36}$/, `${r.name} id`);
    if (referenced.has(r.key)) continue;
    assert.ok(r.level, `${r.name} level`);
    assert.ok(
      r.tags.some((t) => t.startsWith('keywatch.')),
      `${r.name} tags`,
    );
  }
});
