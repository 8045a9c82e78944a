// Comparisons written in policies as "OP VALUE" (e.g. ">= 3.0.11", "<= 4", "= no"), applied to
// a captured value as a number, a Debian version, an RPM EVR or a string.
import { compareDebVersions } from '@keywatch/protocol';
import { compareRpmEvr } from './rpm-version.ts';

export type CompareOp = '<' | '<=' | '=' | '!=' | '>=' | '>';
export type CompareAs = 'number' | 'version' | 'rpm-version' | 'string';

export interface Comparison {
  op: CompareOp;
  value: string;
}

export function parseComparison(text: string): Comparison | undefined {
  const m = /^\s*(<=|>=|!=|==|=|<|>)\s*(\S.*?)\s*$/.exec(text);
  if (!m) return undefined;
  const op = (m[1] === '==' ? '=' : m[1]) as CompareOp;
  return { op, value: m[2]! };
}

function order(actual: string, expected: string, as: CompareAs): number | undefined {
  switch (as) {
    case 'number': {
      const a = Number(actual);
      const b = Number(expected);
      if (actual.trim() === '' || Number.isNaN(a) || Number.isNaN(b)) return undefined;
      return Math.sign(a - b);
    }
    case 'version':
      return compareDebVersions(actual, expected);
    case 'rpm-version':
      return compareRpmEvr(actual, expected);
    case 'string':
      return actual === expected ? 0 : actual < expected ? -1 : 1;
  }
}

/** undefined when the value cannot be read as the asked type (e.g. "abc" as a number). */
export function compareValues(actual: string, c: Comparison, as: CompareAs): boolean | undefined {
  const r = order(actual, c.value, as);
  if (r === undefined) return undefined;
  switch (c.op) {
    case '<':
      return r < 0;
    case '<=':
      return r <= 0;
    case '=':
      return r === 0;
    case '!=':
      return r !== 0;
    case '>=':
      return r >= 0;
    case '>':
      return r > 0;
  }
}
