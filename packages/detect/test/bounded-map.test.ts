// BoundedMap: the hard limit, and eviction by second chance — what was read or written since the
// hand last passed stays, the oldest untouched entry goes, a new entry never goes first.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { BoundedMap } from '../src/detectors/bounded-map.ts';

const keysOf = (m: BoundedMap<string, number>): string[] => [...m.entries()].map(([k]) => k).sort();

test('the oldest entry goes when nothing was read since', () => {
  const m = new BoundedMap<string, number>(3);
  for (const [i, k] of ['a', 'b', 'c', 'd'].entries()) m.set(k, i);
  assert.deepEqual(keysOf(m), ['b', 'c', 'd']);
  assert.equal(m.evicted, 1);
});

test('an entry read since the last sweep outlives untouched ones', () => {
  const m = new BoundedMap<string, number>(3);
  m.set('a', 1);
  m.set('b', 2);
  m.set('c', 3);
  m.set('d', 4); // sweeps every mark, evicts a
  assert.equal(m.get('b'), 2); // b is used again, c and d are not
  m.set('e', 5);
  assert.equal(m.peek('b'), 2);
  assert.equal(m.peek('c'), undefined);
  assert.deepEqual(keysOf(m), ['b', 'd', 'e']);
  assert.equal(m.evicted, 2);
});

test('peek does not count as a use', () => {
  const m = new BoundedMap<string, number>(2);
  m.set('a', 1);
  m.set('b', 2);
  m.set('c', 3); // evicts a, marks swept
  assert.equal(m.peek('b'), 2);
  m.set('d', 4);
  assert.equal(m.peek('b'), undefined);
  assert.equal(m.peek('c'), 3);
});

test('never above the limit, the newest entry always kept, values as last set', () => {
  fc.assert(
    fc.property(
      fc.integer({ min: 1, max: 8 }),
      fc.array(fc.tuple(fc.boolean(), fc.integer({ min: 0, max: 20 })), { maxLength: 200 }),
      (max, ops) => {
        const m = new BoundedMap<number, number>(max);
        const last = new Map<number, number>();
        let step = 0;
        let inserted = 0;
        for (const [write, k] of ops) {
          step++;
          if (write) {
            if (m.peek(k) === undefined) inserted++;
            m.set(k, step);
            last.set(k, step);
            assert.equal(m.peek(k), step);
          } else {
            const v = m.get(k);
            if (v !== undefined) assert.equal(v, last.get(k));
          }
          assert.ok(m.size <= max);
        }
        // Every entry that came in is either still here or counted as evicted.
        assert.equal(m.size + m.evicted, inserted);
        for (const [k, v] of m.entries()) assert.equal(v, last.get(k));
      },
    ),
  );
});
