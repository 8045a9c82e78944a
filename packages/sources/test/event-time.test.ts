// toUtc answers canonical UTC stamps (`…T…Z`, as Vault writes them) without rebuilding them: the
// answer must be what the general path gives, checked against it (parseStamp) on stamps around every
// limit (days per month, leap years, 1970, hour 24, minute and second 60, fraction length, zones).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { parseStamp as reference, toUtc } from '../src/core/event-time.ts';

const pad = (n: number, w: number): string => String(n).padStart(w, '0');
const stamp = fc
  .record({
    y: fc.oneof(
      fc.integer({ min: 1965, max: 2110 }),
      fc.integer({ min: 0, max: 99 }),
      fc.integer({ min: 9990, max: 9999 }),
      fc.constantFrom(1900, 2000, 2100, 2400),
    ),
    mo: fc.integer({ min: 0, max: 13 }),
    d: fc.integer({ min: 0, max: 32 }),
    h: fc.integer({ min: 0, max: 25 }),
    mi: fc.integer({ min: 0, max: 61 }),
    s: fc.integer({ min: 0, max: 61 }),
    frac: fc.option(fc.stringMatching(/^[0-9]{0,10}$/)),
    sep: fc.constantFrom('T', 'T', 't', ' ', 'x'),
    zone: fc.constantFrom('Z', 'Z', 'z', '', '+01:00', '-0230', 'ZZ'),
    around: fc.constantFrom('', '', ' ', '\n'),
    cut: fc.option(fc.integer({ min: 0, max: 32 })),
  })
  .map(({ y, mo, d, h, mi, s, frac, sep, zone, around, cut }) => {
    const t = `${pad(y, 4)}-${pad(mo, 2)}-${pad(d, 2)}${sep}${pad(h, 2)}:${pad(mi, 2)}:${pad(s, 2)}${frac === null ? '' : `.${frac}`}${zone}`;
    return `${around}${cut === null ? t : t.slice(0, cut)}${around}`;
  });

test('toUtc gives what the general path gives, canonical UTC stamps included', () => {
  fc.assert(
    fc.property(stamp, (t) => {
      assert.equal(toUtc(t), reference(t), JSON.stringify(t));
    }),
    { numRuns: 50_000 },
  );
  for (const t of [
    '2024-02-29T23:59:59.123456789Z',
    '2023-02-29T00:00:00Z',
    '2100-02-29T00:00:00Z',
    '2000-02-29T00:00:00Z',
    '1970-01-01T00:00:00Z',
    '1969-12-31T23:59:59Z',
    '9999-12-31T23:59:59.999999999Z',
    '2026-01-01T24:00:00Z',
    '2026-01-01T00:00:00.Z',
    '2026-01-01T00:00:00.0123456789Z',
    '0075-01-01T00:00:00Z',
  ])
    assert.equal(toUtc(t), reference(t), t);
});
