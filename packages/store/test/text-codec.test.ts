// The pure helpers under the dialects: the NUL-safe text substitution and the prefix range.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { decodeText, encodeText } from '../src/text-codec.ts';
import { prefixUpperBound } from '../src/prefix-range.ts';

test('encodeText is injective, reversible, NUL-free, and the identity on ordinary text', () => {
  const alphabet = fc.constantFrom('\u0000', '\u0001', '\u0002', 'a', 'é', '😀');
  fc.assert(
    fc.property(
      fc.array(alphabet).map((a) => a.join('')),
      fc.array(alphabet).map((a) => a.join('')),
      (a, b) => {
        assert.equal(decodeText(encodeText(a)), a);
        assert.ok(!encodeText(a).includes('\u0000'));
        if (a !== b) assert.notEqual(encodeText(a), encodeText(b));
      },
    ),
  );
  assert.equal(encodeText('key.create'), 'key.create');
});

test('prefixUpperBound is the least string above every extension of the prefix', () => {
  assert.equal(prefixUpperBound('key.'), 'key/');
  assert.equal(prefixUpperBound('a\u{10ffff}'), 'b');
  assert.equal(prefixUpperBound('\u{10ffff}'), undefined);
  assert.equal(prefixUpperBound('a\ud7ff'), 'a\ue000');
  fc.assert(
    fc.property(
      fc.string({ unit: 'binary', minLength: 1 }),
      fc.string({ unit: 'binary' }),
      (prefix, rest) => {
        const upper = prefixUpperBound(prefix);
        if (upper === undefined) return;
        const cmp = (x: string, y: string) => Buffer.compare(Buffer.from(x), Buffer.from(y));
        assert.ok(cmp(prefix + rest, upper) < 0);
        assert.ok(cmp(prefix, upper) < 0);
      },
    ),
  );
});
