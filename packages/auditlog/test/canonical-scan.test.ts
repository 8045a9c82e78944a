// The one-pass canonical check (canonical-scan.ts) against the careful one: it must never accept
// a text that jcsSerialize(JSON.parse(text)) does not reproduce byte for byte, and it must accept
// the canonical texts our own sequencer writes (else `verify` silently loses its fast path).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { scanCanonicalObject } from '../src/canonical-scan.ts';
import { isCanonicalLeafAt } from '../src/canonical-leaf.ts';
import { jcsSerialize } from '../src/jcs-serialize.ts';

function careful(text: string): boolean {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return false;
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return false;
  try {
    return jcsSerialize(value) === text;
  } catch {
    return false;
  }
}

const json = fc.jsonValue({ maxDepth: 4, stringUnit: 'binary' });
const objects = fc.dictionary(fc.string({ unit: 'binary', maxLength: 6 }), json, {
  maxKeys: 6,
});

test('every canonical object text is accepted', () => {
  fc.assert(
    fc.property(objects, (o) => {
      let text: string;
      try {
        text = jcsSerialize(o);
      } catch {
        return; // not I-JSON (a lone surrogate): nothing canonical to accept
      }
      assert.ok(scanCanonicalObject(text), text);
    }),
    { numRuns: 5000 },
  );
});

// Texts near canonical ones: other member orders, whitespace, escapes and number spellings.
const mutate = fc
  .tuple(objects, fc.integer({ min: 0, max: 1000 }), fc.constantFrom(...MUTATIONS()))
  .map(([o, at, m]) => {
    let text: string;
    try {
      text = jcsSerialize(o);
    } catch {
      text = JSON.stringify(o);
    }
    const i = text.length === 0 ? 0 : at % text.length;
    return m(text, i);
  });

function MUTATIONS(): ((t: string, i: number) => string)[] {
  return [
    (t, i) => t.slice(0, i) + ' ' + t.slice(i),
    (t, i) => t.slice(0, i) + t.slice(i + 1),
    (t, i) => t.slice(0, i) + '\\u0041' + t.slice(i),
    (t, i) => t.slice(0, i) + '\\/' + t.slice(i),
    (t, i) => t.slice(0, i) + '\\u001F' + t.slice(i),
    (t, i) => t.slice(0, i) + '\\u001f' + t.slice(i),
    (t, i) => t.slice(0, i) + '\\ud800' + t.slice(i),
    (t, i) => t.slice(0, i) + '-0' + t.slice(i),
    (t, i) => t.slice(0, i) + '1E5' + t.slice(i),
    (t, i) => t.slice(0, i) + '1e+21' + t.slice(i),
    (t, i) => t.slice(0, i) + '1.50' + t.slice(i),
    (t, i) => t.slice(0, i) + '"a":1,' + t.slice(i),
    (t, i) => t.slice(0, i) + ',"~":null' + t.slice(i),
    (t, i) => t.slice(0, i) + '\u2028' + t.slice(i),
    (t) => JSON.stringify(JSON.parse(t), null, 1),
    (t) => {
      const o = JSON.parse(t) as Record<string, unknown>;
      return JSON.stringify(Object.fromEntries(Object.entries(o).reverse()));
    },
  ];
}

test('never accepts what the careful check refuses (and agrees on near-canonical texts)', () => {
  fc.assert(
    fc.property(mutate, (text) => {
      const fast = scanCanonicalObject(text) !== undefined;
      if (fast) assert.ok(careful(text), `accepted a non-canonical text: ${JSON.stringify(text)}`);
    }),
    { numRuns: 20000 },
  );
});

test('known spellings, one by one', () => {
  const cases: [string, boolean][] = [
    ['{}', true],
    ['{"a":-0}', false],
    ['{"a":0}', true],
    ['{"a":1e21}', false],
    ['{"a":1e+21}', true],
    ['{"a":1E5}', false],
    ['{"a":100000}', true],
    ['{"a":0.1}', true],
    ['{"a":1.0}', false],
    ['{"a":1e400}', false],
    ['{"a":"\\u0041"}', false],
    ['{"a":"\\/"}', false],
    ['{"a":"\\u001F"}', false],
    ['{"a":"\\u001f"}', true],
    ['{"a":"\\u000a"}', false],
    ['{"a":"\\n"}', true],
    ['{"a":"\\ud800"}', false],
    ['{"a":"\\ud83d\\ude00"}', false],
    ['{"a":"😀"}', true],
    ['{"b":1,"a":2}', false],
    ['{"a":1,"a":1}', false],
    ['{"10":1,"9":2}', true],
    ['{"a":1} ', false],
    [' {"a":1}', false],
    ['{"a": 1}', false],
    ['\ufeff{"a":1}', false],
    ['{"a":[1,2,{"c":true,"d":null}]}', true],
    ['{"a":[1,2,]}', false],
    ['{"a":tru}', false],
    ['{"a":"x', false],
    ['{"a":"x\ty"}', false],
  ];
  for (const [text, canonical] of cases) {
    assert.equal(careful(text), canonical, `careful check of ${text}`);
    assert.equal(scanCanonicalObject(text) !== undefined, canonical, text);
  }
  const deep = (n: number) => '{"a":' + '['.repeat(n) + ']'.repeat(n) + '}';
  for (const n of [98, 99, 100, 101]) {
    assert.equal(scanCanonicalObject(deep(n)) !== undefined, careful(deep(n)), `depth ${n}`);
  }
});

test('isCanonicalLeafAt: position, index type and the required strings', () => {
  const leaf = (o: object) => new TextEncoder().encode(jcsSerialize(o));
  const base = { id: 'e', type: 't', time: 'x', received: 'y', index: 7 };
  assert.equal(isCanonicalLeafAt(leaf(base), 7), true);
  assert.equal(isCanonicalLeafAt(leaf(base), 8), false);
  assert.equal(isCanonicalLeafAt(leaf({ ...base, index: '7' }), 7), false);
  assert.equal(isCanonicalLeafAt(leaf({ ...base, id: 1 }), 7), false);
  const noReceived: Partial<typeof base> = { ...base };
  delete noReceived.received;
  assert.equal(isCanonicalLeafAt(leaf(noReceived), 7), false);
  assert.equal(isCanonicalLeafAt(new Uint8Array([0xff, 0x7b, 0x7d]), 7), false);
});
