// Field modifiers and value matching (Sigma modifiers appendix v2.1).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ev } from './support/events.ts';
import { matches } from './support/one-rule.ts';

const e = ev({
  type: 'key.policy_change',
  actor: { id: 'Alice.Doe', roles: ['key_admin', 'crypto_user'], ip: '10.1.2.3' },
  target: { id: 'arn:aws:kms:eu-west-1:1111:key/abc' },
  message: 'policy of key payments changed by alice',
  detail: {
    count: 42,
    flag: false,
    cmd: 'vault write -force transit/keys/x',
    b64: Buffer.from('secret-token').toString('base64'),
    empty: '',
    when: '2026-03-07T23:30:00Z',
    other: 'ALICE.doe',
  },
});
const m = (det: string) => matches(det, e);

test('plain values are case-insensitive; cased makes them exact', () => {
  assert.ok(m('s:\n  actor.id: alice.doe\ncondition: s'));
  assert.ok(!m('s:\n  actor.id|cased: alice.doe\ncondition: s'));
  assert.ok(m('s:\n  actor.id|cased: Alice.Doe\ncondition: s'));
});

test('wildcards * and ? with escaping', () => {
  assert.ok(m("s:\n  target.id: 'arn:aws:kms:*:key/ab?'\ncondition: s"));
  assert.ok(!m("s:\n  target.id: 'arn:aws:kms:*:key/ab'\ncondition: s"));
  assert.ok(!m("s:\n  message: 'policy\\*'\ncondition: s"));
  assert.ok(matches("s:\n  message: 'a\\*b'\ncondition: s", ev({ type: 'x.y', message: 'a*b' })));
  assert.ok(
    matches("s:\n  message: 'C:\\\\*'\ncondition: s", ev({ type: 'x.y', message: 'C:\\Windows' })),
  );
});

test('contains, startswith, endswith, all; lists OR, all makes AND', () => {
  assert.ok(m('s:\n  message|contains: payments\ncondition: s'));
  assert.ok(m('s:\n  message|startswith: POLICY\ncondition: s'));
  assert.ok(m('s:\n  message|endswith: [bob, alice]\ncondition: s'));
  assert.ok(m('s:\n  message|contains|all: [policy, alice]\ncondition: s'));
  assert.ok(!m('s:\n  message|contains|all: [policy, bob]\ncondition: s'));
});

test('list-valued fields match when any element matches', () => {
  assert.ok(m('s:\n  actor.roles: key_admin\ncondition: s'));
  assert.ok(m('s:\n  actor.roles|all: [key_admin, crypto_user]\ncondition: s'));
  assert.ok(!m('s:\n  actor.roles: audit_admin\ncondition: s'));
});

test('null means absent, empty string means empty, exists checks presence', () => {
  assert.ok(m('s:\n  detail.missing: null\ncondition: s'));
  assert.ok(!m('s:\n  actor.id: null\ncondition: s'));
  assert.ok(m("s:\n  detail.empty: ''\ncondition: s"));
  assert.ok(m('s:\n  detail.flag|exists: true\ncondition: s'));
  assert.ok(m('s:\n  detail.nope|exists: false\ncondition: s'));
});

test('numbers and booleans compare by text; lt/lte/gt/gte numerically', () => {
  assert.ok(m('s:\n  detail.count: 42\ncondition: s'));
  assert.ok(m("s:\n  detail.count: '42'\ncondition: s"));
  assert.ok(m('s:\n  detail.flag: false\ncondition: s'));
  assert.ok(m('s:\n  detail.count|gt: 41\ncondition: s'));
  assert.ok(m('s:\n  detail.count|lte: 42\ncondition: s'));
  assert.ok(!m('s:\n  detail.count|lt: 42\ncondition: s'));
});

test('re with i, m, s sub-modifiers; case-sensitive by default', () => {
  assert.ok(m("s:\n  actor.id|re: '^Alice\\.'\ncondition: s"));
  assert.ok(!m("s:\n  actor.id|re: '^alice\\.'\ncondition: s"));
  assert.ok(m("s:\n  actor.id|re|i: '^alice\\.'\ncondition: s"));
  assert.ok(
    matches("s:\n  message|re|m: '^two$'\ncondition: s", ev({ type: 'x.y', message: 'one\ntwo' })),
  );
  assert.ok(
    matches(
      "s:\n  message|re|s: 'one.two'\ncondition: s",
      ev({ type: 'x.y', message: 'one\ntwo' }),
    ),
  );
});

test('cidr for IPv4 and IPv6', () => {
  assert.ok(m('s:\n  actor.ip|cidr: 10.0.0.0/8\ncondition: s'));
  assert.ok(!m('s:\n  actor.ip|cidr: [192.168.0.0/16, 2001:db8::/32]\ncondition: s'));
  assert.ok(
    matches(
      's:\n  actor.ip|cidr: 2001:db8::/32\ncondition: s',
      ev({ type: 'x.y', actor: { id: 'a', ip: '2001:db8::1' } }),
    ),
  );
});

test('base64, base64offset, utf16 variants and windash', () => {
  assert.ok(m('s:\n  detail.b64|base64: secret-token\ncondition: s'));
  const long = ev({ type: 'x.y', message: Buffer.from('xx secret-token yy').toString('base64') });
  assert.ok(matches('s:\n  message|base64offset|contains: secret-token\ncondition: s', long));
  const wide = ev({
    type: 'x.y',
    message: Buffer.from('run cmd now', 'utf16le').toString('base64'),
  });
  assert.ok(matches('s:\n  message|wide|base64offset|contains: cmd\ncondition: s', wide));
  assert.ok(m('s:\n  detail.cmd|windash|contains: " /force "\ncondition: s'));
});

test('fieldref compares two fields; neq negates', () => {
  assert.ok(m('s:\n  detail.other|fieldref: actor.id\ncondition: s'));
  assert.ok(!m('s:\n  detail.other|fieldref|cased: actor.id\ncondition: s'));
  assert.ok(m('s:\n  actor.id|neq: [bob, carol]\ncondition: s'));
  assert.ok(!m('s:\n  actor.id|neq: [bob, alice.doe]\ncondition: s'));
});

test('time-part modifiers read UTC parts of a date', () => {
  assert.ok(m('s:\n  detail.when|hour: 23\ncondition: s'));
  assert.ok(m('s:\n  detail.when|day|gte: 7\ncondition: s'));
  assert.ok(m('s:\n  time|minute: 0\ncondition: s'));
});

test('keywords search the raw text, else the message', () => {
  assert.ok(m('k:\n  - PAYMENTS\ncondition: k'));
  assert.ok(!m('k:\n  - refunds\ncondition: k'));
  assert.ok(
    matches(
      "k: 'transit/*/x'\ncondition: k",
      ev({ type: 'x.y', raw: '{"path":"transit/keys/x"}' }),
    ),
  );
});
