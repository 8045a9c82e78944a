// PostgreSQL text cannot hold U+0000, but producers may send it in any field (ids, actor names,
// and above all the raw input that quarantine keeps). One escaped NUL in a batch would fail the
// whole append for everyone in it, so text that is looked up or must round-trip goes through this
// substitution: \u0001 → \u0001\u0001, \u0000 → \u0001\u0002. It is injective and decodable, and
// the identity on text without either character (all normal text), which stays as it was.
// Applied on both dialects so that the stored values do not depend on the database.

const NUL = '\u0000';
const ESC = '\u0001';

export function encodeText(s: string): string {
  if (!s.includes(NUL) && !s.includes(ESC)) return s;
  return s.replaceAll(ESC, ESC + ESC).replaceAll(NUL, `${ESC}\u0002`);
}

export function decodeText(s: string): string {
  if (!s.includes(ESC)) return s;
  let out = '';
  for (let i = 0; i < s.length; i++) {
    const c = s[i]!;
    if (c !== ESC) out += c;
    else out += s[++i] === ESC ? ESC : NUL; // pairs are read left to right
  }
  return out;
}

/**
 * A lookup of events by id: the ids as stored (encoded), and `answer` turning found rows back into
 * the caller's own strings with their indexes.
 */
export function idLookup(ids: readonly string[]): {
  stored: string[];
  answer(
    rows: Iterable<{ id: string; idx: number }>,
    into?: Map<string, number>,
  ): Map<string, number>;
} {
  const byStored = new Map(ids.map((id) => [encodeText(id), id]));
  return {
    stored: [...byStored.keys()],
    answer(rows, into = new Map()) {
      for (const r of rows) into.set(byStored.get(r.id)!, r.idx);
      return into;
    },
  };
}
