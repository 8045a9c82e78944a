// toUtc answers canonical UTC stamps (`…T…Z`, as Vault writes them) without rebuilding them: the
// answer must be what the general path gives, checked against a copy of it on stamps around every
// limit (days per month, leap years, 1970, hour 24, minute and second 60, fraction length, zones).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { toUtc } from '../src/core/event-time.ts';

// The general path of toUtc (no fast path), as it was before the fast path was added.
const STAMP =
  /^(\d{4})-(\d{2})-(\d{2})[Tt ](\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?([Zz]|[+-]\d{2}:?\d{2})?$/;
function reference(text: string): string | undefined {
  const m = STAMP.exec(text.trim());
  if (!m) return undefined;
  const [, y, mo, d, h, mi, s, frac, zone] = m;
  if (zone === undefined) return undefined;
  let offsetMin = 0;
  if (zone !== 'Z' && zone !== 'z') {
    const sign = zone.startsWith('-') ? -1 : 1;
    const digits = zone.slice(1).replace(':', '');
    offsetMin = sign * (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2)));
  }
  const wall = Date.UTC(+y!, +mo! - 1, +d!, +h!, +mi!, +s!);
  const w = new Date(wall);
  if (Number.isNaN(wall) || w.getUTCDate() !== +d! || w.getUTCHours() !== +h!) return undefined;
  if (w.getUTCMonth() !== +mo! - 1 || +mi! > 59 || +s! > 59) return undefined;
  const date = new Date(wall - offsetMin * 60_000);
  if (date.getUTCFullYear() < 1970 || date.getUTCFullYear() > 9999) return undefined;
  const base = date.toISOString().slice(0, 19);
  return frac === undefined ? `${base}Z` : `${base}.${frac}Z`;
}

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
