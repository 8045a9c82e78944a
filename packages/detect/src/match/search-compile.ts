// Search identifiers of a detection section → compiled tests (Sigma rules specification v2,
// "Detection"): a map is an AND of its fields, a list of maps an OR of the maps, a list of plain
// values a keyword search (OR) over the record's text, matched as case-insensitive substrings.
import { DetectError } from '../detect-error.ts';
import type { RuleDoc, PathKey } from '../rule/rule-yaml.ts';
import type { Doc } from '../fields/field-doc.ts';
import { compileFieldTest } from './field-test.ts';
import type { FieldScope, TypeHint } from './field-test.ts';
import { anyTest, compileTokens, parseSigmaString } from './sigma-string.ts';
import { scalarText } from './scalar-value.ts';

export interface Search {
  test: (doc: Doc) => boolean;
  typeHint: TypeHint | undefined;
}

const isMap = (v: unknown): v is Record<string, unknown> =>
  v !== null && typeof v === 'object' && !Array.isArray(v);

export function compileSearch(
  value: unknown,
  path: PathKey[],
  src: RuleDoc,
  scope: FieldScope,
): Search {
  const bad = (why: string, p: PathKey[] = path) =>
    new DetectError('DETECTION_INVALID', why, src.at(p));
  if (isMap(value)) return compileMap(value, path, src, scope);
  if (Array.isArray(value)) {
    if (value.length === 0) throw bad(`${String(path.at(-1))}: empty list`);
    if (value.every(isMap)) {
      const parts = value.map((m, i) => compileMap(m, [...path, i], src, scope));
      const hints = parts.map((p) => p.typeHint);
      return {
        test: parts.length === 1 ? parts[0]!.test : (d) => parts.some((p) => p.test(d)),
        typeHint: hints.every((h) => h !== undefined) ? mergeHints(hints) : undefined,
      };
    }
    if (value.some((v) => isMap(v) || Array.isArray(v)))
      throw bad(`${String(path.at(-1))}: a list must hold either maps or plain values`);
    return keywords(value, path, src);
  }
  if (value === null || typeof value === 'object')
    throw bad(`${String(path.at(-1))}: empty search`);
  return keywords([value], path, src);
}

function compileMap(
  m: Record<string, unknown>,
  path: PathKey[],
  src: RuleDoc,
  scope: FieldScope,
): Search {
  const keys = Object.keys(m);
  if (keys.length === 0)
    throw new DetectError('DETECTION_INVALID', 'empty selection map', src.at(path));
  const tests = keys.map((k) => compileFieldTest(k, m[k], src.at([...path, k], true), scope));
  const hint = tests.find((t) => t.typeHint)?.typeHint;
  const fns = tests.map((t) => t.test);
  const test =
    fns.length === 1
      ? fns[0]!
      : (d: Doc) => {
          for (const f of fns) if (!f(d)) return false;
          return true;
        };
  return { test, typeHint: hint };
}

function keywords(values: unknown[], path: PathKey[], src: RuleDoc): Search {
  const tests = values.map((v, i) => {
    const s = scalarText(v);
    if (s === undefined)
      throw new DetectError('DETECTION_INVALID', 'keywords must be strings', src.at([...path, i]));
    return compileTokens([{ t: 'any' }, ...parseSigmaString(s), { t: 'any' }], false);
  });
  const f = anyTest(tests);
  return { test: (d) => f(d.text.toLowerCase()), typeHint: undefined };
}

export function mergeHints(hints: readonly (TypeHint | undefined)[]): TypeHint | undefined {
  const out: TypeHint = { exact: [], prefixes: [] };
  for (const h of hints) {
    if (!h) return undefined;
    out.exact.push(...h.exact);
    out.prefixes.push(...h.prefixes);
  }
  return out;
}
