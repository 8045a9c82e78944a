// A rule value under string modifiers → the string tests it stands for: encodings and windash
// rewrite the value (possibly into several variants), then contains/startswith/endswith wrap it
// in wildcards (Sigma modifiers appendix v2.1).
import type { DetectError } from '../detect-error.ts';
import type { ModifierChain } from './modifier-chain.ts';
import { compileTokens, literal, parseSigmaString, plainText } from './sigma-string.ts';
import type { StringTest, Token } from './sigma-string.ts';
import { base64, base64offset, encodedText, utf16, windash } from './value-encode.ts';
import type { Encoded } from './value-encode.ts';
import { scalarText } from './scalar-value.ts';

export function stringTests(
  c: ModifierChain,
  v: unknown,
  fail: (w: string) => DetectError,
): StringTest[] {
  const text = scalarText(v);
  if (text === undefined) throw fail('value must be a string, number or boolean');
  let toks: Token[][] = [parseSigmaString(text)];
  let encs: Encoded[] | undefined;
  for (const t of c.transforms) {
    if (t === 'windash') {
      const all = windash(text);
      if (!all) throw fail('too many dash positions for windash');
      if (encs) throw fail('windash must come before encoding modifiers');
      toks = all.map(parseSigmaString);
      continue;
    }
    encs ??= toks.map((tk) => {
      const plain = plainText(tk);
      if (plain === undefined) throw fail(`${t} does not take wildcards`);
      return { text: plain };
    });
    encs = encs.flatMap((e) =>
      t === 'base64' ? [base64(e)] : t === 'base64offset' ? base64offset(e) : [utf16(e, t)],
    );
  }
  const variants = encs ? encs.map((e) => literal(encodedText(e))) : toks;
  return variants.map((tk) => compileTokens(wrap(c, tk), c.cased));
}

function wrap(c: ModifierChain, toks: Token[]): Token[] {
  if (c.wrapper === 'contains') return [{ t: 'any' }, ...toks, { t: 'any' }];
  if (c.wrapper === 'startswith') return [...toks, { t: 'any' }];
  if (c.wrapper === 'endswith') return [{ t: 'any' }, ...toks];
  return toks;
}
