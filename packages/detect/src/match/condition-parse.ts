// The condition grammar of the Sigma rules specification v2 ("Condition"): identifiers, `and`,
// `or`, `not`, parentheses, `1 of`/`all of`/`N of` a pattern (with `*`) or `them`. Precedence,
// low to high: or, and, not, x of, parentheses. Aggregations (`| count()`) and `near` were
// removed in v2 in favour of correlation rules and are refused.

export type Cond =
  | { k: 'id'; name: string }
  | { k: 'and' | 'or'; a: Cond; b: Cond }
  | { k: 'not'; a: Cond }
  | { k: 'of'; count: number | 'all'; pattern: string };

export class ConditionSyntaxError extends Error {
  constructor(
    message: string,
    readonly offset: number,
  ) {
    super(message);
  }
}

interface Tok {
  v: string;
  at: number;
}

function tokenize(src: string): Tok[] {
  const out: Tok[] = [];
  const re = /\s*(?:([()|])|([A-Za-z0-9_*.\-?]+))/y;
  let pos = 0;
  while (pos < src.length) {
    if (/^\s*$/.test(src.slice(pos))) break;
    re.lastIndex = pos;
    const m = re.exec(src);
    if (!m) throw new ConditionSyntaxError(`unexpected character "${src[pos]}"`, pos);
    const v = m[1] ?? m[2]!;
    out.push({ v, at: m.index + m[0].length - v.length });
    pos = re.lastIndex;
  }
  return out;
}

export function parseCondition(src: string): Cond {
  const toks = tokenize(src);
  let i = 0;
  const peek = () => toks[i]?.v.toLowerCase();
  const fail = (why: string): never => {
    throw new ConditionSyntaxError(why, toks[i]?.at ?? src.length);
  };
  const expr = (): Cond => {
    let a = conj();
    while (peek() === 'or') {
      i++;
      a = { k: 'or', a, b: conj() };
    }
    return a;
  };
  const conj = (): Cond => {
    let a = unary();
    while (peek() === 'and') {
      i++;
      a = { k: 'and', a, b: unary() };
    }
    return a;
  };
  const unary = (): Cond => {
    if (peek() === 'not') {
      i++;
      return { k: 'not', a: unary() };
    }
    return primary();
  };
  const primary = (): Cond => {
    const t = toks[i];
    if (!t) return fail('unexpected end of condition');
    const v = t.v.toLowerCase();
    if (v === '(') {
      i++;
      const e = expr();
      if (peek() !== ')') fail('missing ")"');
      i++;
      return e;
    }
    if (v === '|')
      return fail('aggregations ("| count()") are not Sigma v2; use a correlation rule');
    if (v === ')' || v === 'and' || v === 'or' || v === 'of') return fail(`unexpected "${t.v}"`);
    if (v === 'near') return fail('"near" is not Sigma v2; use a temporal correlation rule');
    if (toks[i + 1]?.v.toLowerCase() === 'of') {
      const count =
        v === 'all'
          ? 'all'
          : /^[1-9]\d*$/.test(v)
            ? Number(v)
            : fail(`"${t.v} of" needs a number or all`);
      i += 2;
      const p = toks[i];
      if (!p || /^[()|]$/.test(p.v)) return fail('"of" needs a pattern or them');
      i++;
      return { k: 'of', count, pattern: p.v };
    }
    if (t.v.includes('*') || t.v.includes('?')) return fail(`wildcard "${t.v}" outside "x of"`);
    i++;
    return { k: 'id', name: t.v };
  };
  const e = expr();
  if (i < toks.length) fail(`unexpected "${toks[i]!.v}"`);
  return e;
}
