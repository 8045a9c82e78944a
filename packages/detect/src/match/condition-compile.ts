// A parsed condition → one closure over the compiled searches, plus the normalized types it can
// match at all (used to index rules so that most are skipped without running: issue 4).
import type { Doc } from '../fields/field-doc.ts';
import type { TypeHint } from './field-test.ts';
import type { Cond } from './condition-parse.ts';
import { mergeHints } from './search-compile.ts';
import type { Search } from './search-compile.ts';

export interface CompiledCondition {
  test: (doc: Doc) => boolean;
  typeHint: TypeHint | undefined;
}

export function compileCondition(
  cond: Cond,
  searches: ReadonlyMap<string, Search>,
  fail: (why: string) => Error,
): CompiledCondition {
  const members = (pattern: string): Search[] => {
    let names: string[];
    if (pattern.toLowerCase() === 'them')
      names = [...searches.keys()].filter((n) => !n.startsWith('_'));
    else {
      const re = new RegExp(
        `^${pattern
          .replace(/[.+^${}()|[\]\\-]/g, '\\$&')
          .replace(/\*/g, '.*')
          .replace(/\?/g, '.')}$`,
      );
      names = [...searches.keys()].filter((n) => re.test(n));
    }
    if (names.length === 0) throw fail(`no search identifier matches "${pattern}"`);
    return names.map((n) => searches.get(n)!);
  };
  const walk = (c: Cond): CompiledCondition => {
    switch (c.k) {
      case 'id': {
        const s = searches.get(c.name);
        if (!s) throw fail(`unknown search identifier "${c.name}"`);
        return s;
      }
      case 'not': {
        const a = walk(c.a).test;
        return { test: (d) => !a(d), typeHint: undefined };
      }
      case 'and': {
        const a = walk(c.a);
        const b = walk(c.b);
        return { test: (d) => a.test(d) && b.test(d), typeHint: a.typeHint ?? b.typeHint };
      }
      case 'or': {
        const a = walk(c.a);
        const b = walk(c.b);
        return {
          test: (d) => a.test(d) || b.test(d),
          typeHint: mergeHints([a.typeHint, b.typeHint]),
        };
      }
      case 'of': {
        const ms = members(c.pattern);
        const fns = ms.map((m) => m.test);
        if (c.count === 'all')
          return {
            test: (d) => fns.every((f) => f(d)),
            typeHint: ms.find((m) => m.typeHint)?.typeHint,
          };
        const need = c.count;
        const test = (d: Doc) => {
          let n = 0;
          for (const f of fns) if (f(d) && ++n >= need) return true;
          return false;
        };
        return { test, typeHint: mergeHints(ms.map((m) => m.typeHint)) };
      }
    }
  };
  return walk(cond);
}
