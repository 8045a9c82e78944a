// kw_critical_file_changed against the events the agent's FIM module sends: every kind of change
// on a critical path alerts; coverage, baseline and restore events do not, and neither does a
// change that dpkg explains (the content its package ships, installed within the window).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DetectionEngine, loadRules, RULE_PACK_DIR } from '@keywatch/detect';
import { ev } from './support/events.ts';

const pack = loadRules(RULE_PACK_DIR);
const target = { type: 'file', id: '/etc/vault.d/vault.hcl' };

function fires(type: string, detail: Record<string, unknown> = {}): boolean {
  const engine = new DetectionEngine(pack);
  const ds = engine.process(ev({ type, target, detail, source: { kind: 'fim', host: 'kms-1' } }));
  return ds.some((d) => d.ruleName === 'kw_critical_file_changed');
}

test('FIM changes on a critical path alert; other FIM events and dpkg-explained changes do not', () => {
  for (const t of [
    'fim.added',
    'fim.removed',
    'fim.modified',
    'fim.attributes_changed',
    'fim.type_changed',
  ])
    assert.equal(fires(t, { change: 'x', attributes: [] }), true, t);
  for (const t of [
    'fim.coverage_gap',
    'fim.baseline_created',
    'fim.restored',
    'fim.pervasive_change',
  ])
    assert.equal(fires(t), false, t);
  assert.equal(fires('fim.modified', { explained_by: 'dpkg', dpkg: { package: 'vault' } }), false);
});
