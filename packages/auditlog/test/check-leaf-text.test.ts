// checkLeafText (the text path of `verify --data-dir` workers) gives exactly checkLeaf's hash for
// any canonical leaf, and hands back to the byte path whatever it cannot vouch for: a text that
// holds U+FFFD (the trace of a lossy decode), a BOM, or a leaf at the wrong position.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { canonicalLeaf, checkLeaf, checkLeafText } from '../src/index.ts';

const event = fc.record({
  id: fc.string({ unit: 'binary', minLength: 1, maxLength: 12 }),
  time: fc.constant('2026-11-28T14:03:07.123Z'),
  received: fc.constant('2026-11-28T14:03:07.200Z'),
  type: fc.constantFrom('key.create', 'crypto.decrypt'),
  outcome: fc.constantFrom('success', 'failure'),
  actor: fc.record({ id: fc.string({ unit: 'binary', maxLength: 10 }) }),
  message: fc.string({ unit: 'binary', maxLength: 40 }),
  index: fc.integer({ min: 1, max: 1e9 }),
});

test('the same leaf hash as checkLeaf, or the byte path', () => {
  fc.assert(
    fc.property(event, (e) => {
      const bytes = canonicalLeaf(e);
      const text = bytes.toString('utf8');
      const viaText = checkLeafText(text, e.index);
      if (text.includes('\uFFFD')) assert.equal(viaText, undefined);
      else assert.deepEqual(viaText, checkLeaf(bytes, e.index));
      assert.equal(checkLeafText(text, e.index + 1), undefined);
    }),
    { numRuns: 3000 },
  );
});

test('a BOM or a lossy decode is left to the byte path', () => {
  const e = { id: 'a', time: 't', received: 'r', type: 'x', outcome: 'success', index: 5 };
  const text = canonicalLeaf(e).toString('utf8');
  assert.ok(checkLeafText(text, 5));
  assert.equal(checkLeafText('\uFEFF' + text, 5), undefined);
  const lossy = new TextDecoder().decode(Buffer.from(text.replace('"x"', '"\uFFFF"')));
  assert.ok(checkLeafText(lossy, 5), 'U+FFFF is a character, not a replacement');
  const replaced = new TextDecoder().decode(
    Buffer.concat([
      Buffer.from(text.slice(0, -1)),
      Buffer.from(',"z":"'),
      Buffer.of(0xff),
      Buffer.from('"}'),
    ]),
  );
  assert.equal(checkLeafText(replaced, 5), undefined);
});
