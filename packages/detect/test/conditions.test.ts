// Condition grammar: and/or/not, precedence, parentheses, x of pattern, them, list of conditions.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ev } from './support/events.ts';
import { matches } from './support/one-rule.ts';

const e = ev({ type: 'key.create', outcome: 'success', actor: { id: 'alice' } });
const det = (cond: string) =>
  `sel_a:\n  type: key.create\nsel_b:\n  actor.id: alice\nflt_x:\n  outcome: failure\n_hidden:\n  type: nothing\ncondition: ${cond}`;
const m = (cond: string) => matches(det(cond), e);

test('boolean operators and precedence (not > and > or)', () => {
  assert.ok(m('sel_a and sel_b'));
  assert.ok(m('sel_a and not flt_x'));
  assert.ok(!m('not sel_a or flt_x'));
  assert.ok(m('flt_x or sel_a and sel_b'));
  assert.ok(!m('(flt_x or sel_a) and not sel_b'));
  assert.ok(m('not (flt_x and sel_a)'));
  assert.ok(m('SEL_A AND NOT flt_x'.replace('SEL_A', 'sel_a')));
});

test('1 of, all of, N of, them (excluding _ identifiers)', () => {
  assert.ok(m('1 of sel_*'));
  assert.ok(m('all of sel_*'));
  assert.ok(!m('all of them'));
  assert.ok(m('2 of them'));
  assert.ok(!m('3 of them'));
  assert.ok(m('1 of sel_* and not 1 of flt_*'));
  assert.ok(!m('1 of _hid*'));
});

test('a list of conditions is an OR', () => {
  assert.ok(matches(`${det('x').replace('condition: x', 'condition:\n  - flt_x\n  - sel_b')}`, e));
});
