// RFC 8785 leaves: the serializer against the `canonicalize` package (byte for byte, on random
// JSON), RFC 8785 examples, and parseLeaf's checks.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import canonicalize from 'canonicalize';
import fc from 'fast-check';
import {
  canonicalLeaf,
  checkGenesis,
  genesisEvent,
  leafFromTemplate,
  leafTemplate,
  parseLeaf,
} from '../src/index.ts';

const EVENT = {
  index: 12,
  id: 'evt-12',
  time: '2026-01-01T00:00:00.000Z',
  received: '2026-01-01T00:00:00.123Z',
  type: 'kms.key.rotate',
  outcome: 'success',
  actor: { id: 'alice', type: 'user' },
  detail: {
    b: [1, 2.5, -0, 1e21, 'x'],
    a: { z: null, y: true },
    '\u20ac': 'euro',
    '\r': 'cr',
    é: 'é',
  },
};

test('matches canonicalize on random JSON values, byte for byte', () => {
  const text = fc.string({ unit: 'grapheme', maxLength: 12 });
  const json = fc.letrec((tie) => ({
    value: fc.oneof(
      { depthSize: 'small' },
      text,
      fc.double({ noNaN: true, noDefaultInfinity: true }),
      fc.integer(),
      fc.boolean(),
      fc.constant(null),
      fc.array(tie('value'), { maxLength: 5 }),
      fc.dictionary(
        fc
          .string({ unit: 'binary-ascii', maxLength: 6 })
          .chain((k) => fc.constantFrom(k, `${k}\u00e9`, `1${k}`, '10', '9', '\ud83d\ude00')),
        tie('value'),
        { maxKeys: 6 },
      ),
    ),
  })).value;
  fc.assert(
    fc.property(fc.dictionary(fc.string({ maxLength: 8 }), json, { maxKeys: 8 }), (value) => {
      assert.equal(canonicalLeaf(value).toString('utf8'), canonicalize(value));
      // The fast path (keys already sorted) gives the same bytes.
      const sorted = JSON.parse(canonicalize(value) as string) as object;
      assert.equal(canonicalLeaf(sorted).toString('utf8'), canonicalize(value));
    }),
    { numRuns: 1500 },
  );
});

test('many key lists sharing a first key: each object still gets its own member order', () => {
  // The serializer remembers key lists by their first key, a few per key: past that it forgets
  // the oldest. Lists that agree on the first key and differ after it must not be mixed up.
  const objects: Record<string, number>[] = [];
  for (let n = 0; n < 60; n++) {
    const o: Record<string, number> = { a: 0 };
    for (let k = 0; k < 3; k++) o[`k${(n * 7 + k * 13) % 40}`] = k;
    o[`z${n % 3}`] = n;
    o['b'] = 1;
    objects.push(o);
  }
  for (let round = 0; round < 3; round++)
    for (const o of objects) assert.equal(canonicalLeaf(o).toString('utf8'), canonicalize(o));
});

test('RFC 8785 examples and edge cases', () => {
  // §3.2.2.3 number examples and §3.2.3 member sorting by UTF-16 code units.
  assert.equal(
    canonicalLeaf({
      // eslint-disable-next-line no-loss-of-precision -- RFC 8785's own example input
      numbers: [333333333.33333329, 1e30, 4.5, 2e-3, 0.000000000000000000000000001],
    }).toString(),
    '{"numbers":[333333333.3333333,1e+30,4.5,0.002,1e-27]}',
  );
  const sorting = {
    '\u20ac': 'Euro Sign',
    '\r': 'Carriage Return',
    '\ufb33': 'Hebrew Letter Dalet With Dagesh',
    '1': 'One',
    '\ud83d\ude00': 'Emoji: Grinning Face',
    '\u0080': 'Control',
    '\u00f6': 'Latin Small Letter O With Diaeresis',
  };
  assert.equal(
    canonicalLeaf(sorting).toString(),
    '{"\\r":"Carriage Return","1":"One","\u0080":"Control","\u00f6":"Latin Small Letter O With Diaeresis",' +
      '"\u20ac":"Euro Sign","\ud83d\ude00":"Emoji: Grinning Face","\ufb33":"Hebrew Letter Dalet With Dagesh"}',
  );
  assert.equal(canonicalLeaf({ '10': 1, '9': 2, a: 3 }).toString(), '{"10":1,"9":2,"a":3}');
  // A "__proto__" member (JSON.parse makes it an own member) stays one, at any depth and order.
  for (const text of [
    '{"b":1,"__proto__":"x","a":2}',
    '{"b":1,"__proto__":{"z":1,"y":2},"a":2}',
    '{"__proto__":"x","a":1}',
    '{"x":{"b":1,"__proto__":"x","a":2}}',
  ]) {
    const parsed = JSON.parse(text) as object;
    assert.equal(canonicalLeaf(parsed).toString(), canonicalize(parsed), text);
    const t = leafTemplate(parsed);
    assert.equal(
      leafFromTemplate(t, 7, 'R').toString(),
      canonicalize({ ...parsed, index: 7, received: 'R' }),
      `template of ${text}`,
    );
  }
  assert.equal(
    canonicalLeaf({ s: '\u2028\u0000\u001f"\\/' }).toString(),
    '{"s":"\u2028\\u0000\\u001f\\"\\\\/"}',
  );
  assert.equal(
    canonicalLeaf({ d: new Date(0), u: undefined, a: [undefined] }).toString(),
    '{"a":[null],"d":"1970-01-01T00:00:00.000Z"}',
  );
  for (const bad of [
    { n: Number.NaN },
    { n: Infinity },
    { s: '\ud800' },
    { [String.fromCharCode(0xdc00)]: 1 },
    { b: 1n },
  ]) {
    assert.throws(() => canonicalLeaf(bad), { code: 'LEAF_MALFORMED' });
  }
  let deep: unknown = 1;
  for (let i = 0; i < 200; i++) deep = [deep];
  assert.throws(() => canonicalLeaf({ deep }), { code: 'LEAF_MALFORMED' });
  const cyclic: Record<string, unknown> = {};
  cyclic.self = cyclic;
  assert.throws(() => canonicalLeaf(cyclic), { code: 'LEAF_MALFORMED' });
});

test('parseLeaf accepts exactly the canonical bytes of an event', () => {
  const bytes = canonicalLeaf(EVENT);
  assert.deepEqual(parseLeaf(bytes), JSON.parse(bytes.toString('utf8')));
  const text = bytes.toString('utf8');
  const notCanonical = [
    JSON.stringify(EVENT), // keys in insertion order
    text.replace('{', '{ '),
    text + '\n',
    text.replace('"index":12', '"index":12.0'),
    text.replace('"index":12', '"index":1.2e1'),
    text.replace('"euro"', '"\\u0065uro"'),
    text.replace('"id":"evt-12"', '"id":"evt-12","id":"evt-12"'),
    text.replace('"detail":{', '"detail":{"x":1e400,'),
    text.replace('"detail":{', '"detail":{"x":"\\ud800",'),
  ];
  for (const t of notCanonical)
    assert.throws(() => parseLeaf(Buffer.from(t)), { code: 'LEAF_NOT_CANONICAL' }, t);
  const malformed = [
    Buffer.from('not json'),
    Buffer.from('\ufeff' + text), // a BOM is not JSON
    Buffer.from('[1,2]'),
    Buffer.from('null'),
    Buffer.from(text.replace('"index":12', '"index":"12"')),
    Buffer.from(text.replace('"index":12', '"index":-1')),
    Buffer.from(text.replace('"index":12', '"index":1.5')),
    Buffer.from(text.replace('"received":', '"receivedX":')),
    Buffer.from(text.replace('"type":"kms.key.rotate"', '"type":5')),
    Buffer.concat([bytes.subarray(0, 20), Buffer.from([0xff]), bytes.subarray(21)]), // invalid UTF-8
  ];
  for (const b of malformed)
    assert.throws(() => parseLeaf(b), { code: 'LEAF_MALFORMED' }, b.toString());
  assert.throws(() => parseLeaf('x' as unknown as Uint8Array), { code: 'LEAF_MALFORMED' });
});

test('genesis entry', () => {
  const g = genesisEvent({
    origin: 'log.example/a',
    verifierKey: 'log.example/a+01020304+AAAA',
    time: '2026-01-01T00:00:00.000Z',
  });
  assert.deepEqual(g, {
    index: 0,
    id: 'genesis:log.example/a',
    time: '2026-01-01T00:00:00.000Z',
    received: '2026-01-01T00:00:00.000Z',
    type: 'log.genesis',
    outcome: 'success',
    actor: { id: 'keywatch', type: 'system' },
    detail: {
      origin: 'log.example/a',
      verifier_key: 'log.example/a+01020304+AAAA',
      schema_version: 1,
    },
  });
  const parsed = parseLeaf(canonicalLeaf(g));
  checkGenesis(parsed, { origin: 'log.example/a' });
  checkGenesis(parsed, { origin: 'log.example/a', verifierKey: 'log.example/a+01020304+AAAA' });
  const invalid = { code: 'GENESIS_INVALID', index: 0 };
  assert.throws(() => checkGenesis(parsed, { origin: 'log.example/b' }), invalid);
  assert.throws(
    () => checkGenesis(parsed, { origin: 'log.example/a', verifierKey: 'other' }),
    invalid,
  );
  assert.throws(
    () => checkGenesis({ ...parsed, type: 'kms.key.create' }, { origin: 'log.example/a' }),
    invalid,
  );
  assert.throws(() => checkGenesis({ ...parsed, index: 1 }, { origin: 'log.example/a' }), invalid);
  assert.throws(
    () =>
      checkGenesis(
        { ...parsed, detail: { ...parsed.detail, schema_version: 2 } },
        { origin: 'log.example/a' },
      ),
    invalid,
  );
  const noDetail = { ...parsed };
  delete noDetail.detail;
  assert.throws(() => checkGenesis(noDetail, { origin: 'log.example/a' }), invalid);
});
