// Parsing and refusals: every bad rule is a DetectError with a code, the file and the line.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  DetectError,
  DETECT_ERROR_CODES,
  loadRules,
  parseRule,
  parseRules,
} from '@keywatch/detect';
import { sigma } from './support/one-rule.ts';

function refused(text: string, code: string, line?: number): DetectError {
  try {
    loadRules([{ name: 'bad.yml', text }]);
  } catch (e) {
    assert.ok(e instanceof DetectError, String(e));
    assert.equal(e.code, code, e.message);
    assert.equal(e.file, 'bad.yml');
    if (line !== undefined) assert.equal(e.line, line, e.message);
    assert.ok(DETECT_ERROR_CODES.includes(e.code));
    return e;
  }
  assert.fail('rule was accepted');
}

test('a valid rule parses with its metadata', () => {
  const r = parseRule(
    sigma(
      's:\n  type: key.create\ncondition: s',
      'product: keywatch',
      'tags: [attack.impact]\nfalsepositives: x\nfields: [actor.id]',
    ),
    'ok.yml',
  );
  assert.equal(r.kind, 'sigma');
  assert.equal(r.key, 'r1');
  assert.deepEqual(r.tags, ['attack.impact']);
  assert.deepEqual(r.falsepositives, ['x']);
  assert.equal(r.line, 1);
});

test('YAML syntax errors name their line', () => {
  const e = refused(
    'title: t\nid: x\nlogsource:\n  product: keywatch\ndetection:\n  s: [a, b\n  condition: s\n',
    'YAML_INVALID',
  );
  assert.ok(e.line !== undefined && e.line >= 6);
  refused('title: t\ntitle: u\n', 'YAML_INVALID', 2);
});

test('missing or wrong attributes', () => {
  refused(
    'id: x\nlogsource: {product: keywatch}\ndetection: {s: {a: 1}, condition: s}\n',
    'RULE_INVALID',
    1,
  );
  refused(
    'title: t\nlogsource: {product: keywatch}\ndetection: {s: {a: 1}, condition: s}\n',
    'RULE_INVALID',
  );
  refused(
    'title: t\nid: x\nlevel: severe\nlogsource: {product: keywatch}\ndetection: {s: {a: 1}, condition: s}\n',
    'RULE_INVALID',
    3,
  );
  refused(
    'title: t\nid: x\nlogsource: {product: windows, service: security}\ndetection: {s: {a: 1}, condition: s}\n',
    'LOGSOURCE_UNSUPPORTED',
    3,
  );
});

test('detection errors point at the offending key', () => {
  refused(sigma('s:\n  a|nosuch: 1\ncondition: s'), 'MODIFIER_UNSUPPORTED', 8);
  refused(sigma('s:\n  a|expand: "%x%"\ncondition: s'), 'MODIFIER_UNSUPPORTED', 8);
  refused(sigma('s:\n  a: 1\n  b|re: "("\ncondition: s'), 'VALUE_INVALID', 9);
  refused(sigma('s:\n  a|cidr: 10.0.0.0/33\ncondition: s'), 'VALUE_INVALID');
  refused(sigma('s:\n  a|gt: many\ncondition: s'), 'VALUE_INVALID');
  refused(sigma('s:\n  a|contains|startswith: x\ncondition: s'), 'MODIFIER_INVALID');
  refused(sigma('s:\n  a|all: x\ncondition: s'), 'MODIFIER_INVALID');
  refused(sigma('s:\n  a|i: x\ncondition: s'), 'MODIFIER_INVALID');
  refused(sigma('s:\n  - a: 1\n  - b\ncondition: s'), 'DETECTION_INVALID');
  refused(sigma('s: {}\ncondition: s'), 'DETECTION_INVALID');
});

test('condition errors', () => {
  refused(sigma('s:\n  a: 1\ncondition: s and'), 'CONDITION_INVALID', 9);
  refused(sigma('s:\n  a: 1\ncondition: s and t'), 'CONDITION_INVALID');
  refused(sigma('s:\n  a: 1\ncondition: 1 of x*'), 'CONDITION_INVALID');
  refused(sigma('s:\n  a: 1\ncondition: s | count() > 5'), 'CONDITION_INVALID');
  refused(sigma('s:\n  a: 1\ncondition: (s'), 'CONDITION_INVALID');
  refused(sigma('s:\n  a: 1'), 'CONDITION_INVALID');
});

test('correlation errors', () => {
  const base = sigma('s:\n  a: 1\ncondition: s').replace('id: r1', 'id: r1\nname: base');
  const corr = (body: string) => `${base}---\ntitle: c\nid: c1\ncorrelation:\n${body}`;
  refused(
    corr('  type: event_count\n  rules: [nope]\n  timespan: 5m\n  condition: {gte: 2}\n'),
    'RULE_REFERENCE_UNKNOWN',
  );
  refused(
    corr('  type: event_count\n  rules: [base]\n  timespan: 5 minutes\n  condition: {gte: 2}\n'),
    'CORRELATION_INVALID',
  );
  refused(
    corr('  type: value_count\n  rules: [base]\n  timespan: 5m\n  condition: {gte: 2}\n'),
    'CORRELATION_INVALID',
  );
  refused(
    corr('  type: value_sum\n  rules: [base]\n  timespan: 5m\n  condition: {gte: 2}\n'),
    'CORRELATION_INVALID',
  );
  refused(
    corr('  type: event_count\n  rules: [base]\n  timespan: 5m\n  condition: {gte: 1000000}\n'),
    'CORRELATION_INVALID',
  );
  refused(`${base}---\n${base}`, 'RULE_DUPLICATE');
  refused(
    'title: a\nid: a\ncorrelation: {type: temporal, rules: [b, a], timespan: 1m}\n---\ntitle: b\nid: b\ncorrelation: {type: temporal, rules: [a, a], timespan: 1m}\n',
    'CORRELATION_INVALID',
  );
});

test('detector settings are checked, unknown keys refused', () => {
  const det = (block: string) =>
    sigma('s:\n  a: 1\ncondition: s', 'product: keywatch', `detector:\n${block}`);
  refused(det('  kind: nosuch\n'), 'DETECTOR_INVALID');
  refused(det('  kind: first_seen\n  learnin: 14d\n'), 'DETECTOR_INVALID', 12);
  refused(det('  kind: time_window\n  time_zone: Mars/Base\n'), 'DETECTOR_INVALID');
  refused(det('  kind: rate_baseline\n  factor: -1\n'), 'DETECTOR_INVALID');
});

test('multi-document files and parseRule', () => {
  const two = `${sigma('s:\n  a: 1\ncondition: s')}---\n${sigma('s:\n  a: 1\ncondition: s').replace('id: r1', 'id: r2')}`;
  assert.equal(parseRules(two, 'two.yml').length, 2);
  assert.throws(
    () => parseRule(two, 'two.yml'),
    (e: unknown) => e instanceof DetectError && e.code === 'RULE_INVALID',
  );
  assert.throws(
    () => loadRules('/nonexistent/rules'),
    (e: unknown) => e instanceof DetectError && e.code === 'RULES_UNREADABLE',
  );
});
