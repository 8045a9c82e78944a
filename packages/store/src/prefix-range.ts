// Prefix matching as a key range, so it runs as an index seek on both dialects (SQLite's BINARY
// collation and PG's "C" both order by bytes, and UTF-8 byte order is code point order).

/** The least string above every string that starts with `prefix`; undefined when there is none. */
export function prefixUpperBound(prefix: string): string | undefined {
  const points = [...prefix];
  while (points.length > 0) {
    let next = points.pop()!.codePointAt(0)! + 1;
    if (next >= 0xd800 && next <= 0xdfff) next = 0xe000; // surrogates are not characters
    if (next <= 0x10ffff) return points.join('') + String.fromCodePoint(next);
  }
  return undefined;
}
