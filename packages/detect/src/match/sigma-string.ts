// Sigma string values: `*` matches any run of characters, `?` exactly one; a backslash escapes
// `*`, `?` and itself, and stays literal before anything else (Sigma rules specification v2,
// "Wildcards" and "Escaping"): `\*` is a star, `\\*` a backslash then a wildcard.

export type Token = { t: 'lit'; s: string } | { t: 'any' } | { t: 'one' };

export function parseSigmaString(value: string): Token[] {
  const out: Token[] = [];
  let lit = '';
  for (let i = 0; i < value.length; i++) {
    const c = value[i]!;
    if (c === '\\') {
      const next = value[i + 1];
      if (next === '*' || next === '?' || next === '\\') {
        lit += next;
        i++;
      } else lit += c;
    } else if (c === '*' || c === '?') {
      if (lit) out.push({ t: 'lit', s: lit });
      lit = '';
      out.push(c === '*' ? { t: 'any' } : { t: 'one' });
    } else lit += c;
  }
  if (lit) out.push({ t: 'lit', s: lit });
  return out;
}

/** A value without wildcards as one literal string (modifiers that are not wildcard-aware). */
export const literal = (s: string): Token[] => (s === '' ? [] : [{ t: 'lit', s }]);

/** The literal text when the value has no wildcard, else undefined. */
export function plainText(tokens: readonly Token[]): string | undefined {
  let s = '';
  for (const tok of tokens) {
    if (tok.t !== 'lit') return undefined;
    s += tok.s;
  }
  return s;
}

export type StringTest =
  { op: 'eq' | 'prefix' | 'suffix' | 'contains'; text: string } | { op: 're'; re: RegExp };

const escapeRe = (s: string) => s.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');

/** Compiles tokens to the cheapest test. Case-insensitive tests expect a lower-cased input. */
export function compileTokens(tokens: readonly Token[], cased: boolean): StringTest {
  const toks: Token[] = [];
  for (const tok of tokens) {
    const prev = toks[toks.length - 1];
    const t = tok.t === 'lit' && !cased ? { t: 'lit' as const, s: tok.s.toLowerCase() } : tok;
    if (t.t === 'lit' && prev?.t === 'lit') toks[toks.length - 1] = { t: 'lit', s: prev.s + t.s };
    else if (!(t.t === 'any' && prev?.t === 'any')) toks.push(t);
  }
  const kinds = toks.map((t) => t.t).join(',');
  const lit = (i: number) => (toks[i] as { s: string }).s;
  if (kinds === '') return { op: 'eq', text: '' };
  if (kinds === 'lit') return { op: 'eq', text: lit(0) };
  if (kinds === 'any') return { op: 'prefix', text: '' };
  if (kinds === 'lit,any') return { op: 'prefix', text: lit(0) };
  if (kinds === 'any,lit') return { op: 'suffix', text: lit(1) };
  if (kinds === 'any,lit,any') return { op: 'contains', text: lit(1) };
  const body = toks
    .map((t) => (t.t === 'lit' ? escapeRe(t.s) : t.t === 'any' ? '.*' : '.'))
    .join('');
  return { op: 're', re: new RegExp(`^${body}$`, 's') };
}

/** OR of tests over one string; exact values share one Set lookup. */
export function anyTest(tests: readonly StringTest[]): (s: string) => boolean {
  const exact = new Set<string>();
  const rest: StringTest[] = [];
  for (const t of tests) {
    if (t.op === 'eq') exact.add(t.text);
    else rest.push(t);
  }
  const one = rest.length === 1 ? rest[0] : undefined;
  if (rest.length === 0) {
    if (exact.size === 1) {
      const [only] = exact;
      return (s) => s === only;
    }
    return (s) => exact.has(s);
  }
  if (exact.size === 0 && one) return single(one);
  const fns = rest.map(single);
  return (s) => {
    if (exact.has(s)) return true;
    for (const f of fns) if (f(s)) return true;
    return false;
  };
}

function single(t: StringTest): (s: string) => boolean {
  switch (t.op) {
    case 'eq':
      return (s) => s === t.text;
    case 'prefix':
      return (s) => s.startsWith(t.text);
    case 'suffix':
      return (s) => s.endsWith(t.text);
    case 'contains':
      return (s) => s.includes(t.text);
    case 're':
      return (s) => t.re.test(s);
  }
}
