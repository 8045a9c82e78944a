// Leaf templates: spliced with an index and a received time, a template gives exactly the bytes
// of canonicalLeaf on the whole stored event, for any event (keys before, between and after the
// two insertion points, none at all, integer-like and non-ASCII keys, the nesting limit), and
// refuses what canonicalLeaf refuses.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { AuditLogError, canonicalLeaf, leafFromTemplate, leafTemplate } from '../src/index.ts';

const key = fc.oneof(
  fc.constantFrom('index', 'received', 'id', 'type', 'time', 'actor', 'z', 'a', 'i', 'j', 'r', 's'),
  fc.constantFrom('indexa', 'inde', 'receive', 'receivedx', '10', '9', '\u00e9', '\ud83d\ude00'),
  fc.string({ unit: 'grapheme', maxLength: 5 }),
);
const value = fc.letrec((tie) => ({
  v: fc.oneof(
    { depthSize: 'small' },
    fc.string({ unit: 'grapheme', maxLength: 8 }),
    fc.double({ noNaN: true, noDefaultInfinity: true }),
    fc.integer(),
    fc.boolean(),
    fc.constant(null),
    fc.constant(undefined),
    fc.array(tie('v'), { maxLength: 4 }),
    fc.dictionary(key, tie('v'), { maxKeys: 4 }),
  ),
})).v;
const event = fc.dictionary(key, value, { maxKeys: 8 });
const received = fc.integer({ min: 0, max: 4102444800000 }).map((ms) => new Date(ms).toISOString());

function leafOf(e: Record<string, unknown>, index: number, at: string): Buffer | 'refused' {
  try {
    return canonicalLeaf({ ...e, index, received: at });
  } catch (err) {
    assert.ok(err instanceof AuditLogError && err.code === 'LEAF_MALFORMED');
    return 'refused';
  }
}

function splicedOf(e: Record<string, unknown>, index: number, at: string): Buffer | 'refused' {
  let t;
  try {
    t = leafTemplate(e);
  } catch (err) {
    assert.ok(err instanceof AuditLogError && err.code === 'LEAF_MALFORMED');
    return 'refused';
  }
  return leafFromTemplate(t, index, at);
}

test('a spliced template is byte for byte the canonical leaf of the stored event', () => {
  fc.assert(
    fc.property(event, fc.nat({ max: 2 ** 40 }), received, (e, index, at) => {
      const want = leafOf(e, index, at);
      const got = splicedOf(e, index, at);
      if (want === 'refused' || got === 'refused') assert.equal(got, want);
      else assert.equal(got.toString('utf8'), want.toString('utf8'));
    }),
    { numRuns: 3000 },
  );
});

test('insertion points at the start, in the middle, at the end and of an empty event', () => {
  const cases: Record<string, unknown>[] = [
    {},
    { a: 1 },
    { z: 1 },
    { id: 'x', time: 't', type: 'k' },
    { ina: 1 },
    { index: 5, received: 'old', q: [1, { b: 2, a: 1 }] },
    { i: 1, j: 2, r: 3, s: 4 },
  ];
  for (const e of cases) {
    const want = canonicalLeaf({ ...e, index: 7, received: '2026-01-01T00:00:00.000Z' });
    const got = leafFromTemplate(leafTemplate(e), 7, '2026-01-01T00:00:00.000Z');
    assert.equal(got.toString(), want.toString(), JSON.stringify(e));
  }
});

test('the nesting limit counts from the event, as for the whole leaf', () => {
  const nest = (n: number): unknown => (n === 0 ? 1 : { a: nest(n - 1) });
  const outcomes = [97, 98, 99, 100].map((depth) => {
    const e = { detail: nest(depth) };
    const want = leafOf(e, 1, 'r');
    assert.deepEqual(splicedOf(e, 1, 'r'), want, `depth ${depth}`);
    return want === 'refused';
  });
  // The limit falls inside the range: the deepest is refused, the shallowest is not.
  assert.deepEqual([outcomes[0], outcomes[3]], [false, true]);
});

test('values without an RFC 8785 form are refused with LEAF_MALFORMED', () => {
  for (const bad of [{ a: Number.NaN }, { a: '\ud800' }, { '\udc00': 1 }, { a: 1n }]) {
    assert.throws(
      () => leafTemplate(bad),
      (err) => err instanceof AuditLogError && err.code === 'LEAF_MALFORMED',
    );
  }
});
