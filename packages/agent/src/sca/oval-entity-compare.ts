// Compares one item value with one state (or object) value under an OVAL 5.11 datatype and
// operation (oval-common-schema DatatypeEnumeration, OperationEnumeration). Unsupported pairs
// throw OvalUnsupported rather than guess.
import { compareDebVersions } from '@keywatch/protocol';
import { compareRpmEvr } from './rpm-version.ts';
import { OvalUnsupported } from './oval-result.ts';

/** OVAL regular expressions are PCRE-like (§5.2.4 of the spec's regex support notes). */
export function ovalRegex(pattern: string, flags = ''): RegExp {
  let p = pattern;
  let f = flags;
  // "(?i)" turns on case-insensitivity from where it stands (PCRE). When nothing before it
  // could match a letter (SSG's "^[\s]*(?i)MaxAuthTries…"), the whole-regex flag is exact.
  // "(?i)Word(?-i)" (a case-insensitive literal span): the same as [Ww][Oo][Rr][Dd].
  p = p.replace(/\(\?i\)([A-Za-z0-9_ ]+)\(\?-i\)/g, (_m, w: string) =>
    w.replace(/[A-Za-z]/g, (c) => `[${c.toUpperCase()}${c.toLowerCase()}]`),
  );
  const at = p.indexOf('(?i)');
  if (at >= 0 && !/[A-Za-z]/.test(p.slice(0, at).replace(/\\./g, ''))) {
    p = p.slice(0, at) + p.slice(at + 4);
    f += 'i';
  }
  // \A \Z \z \G, possessive quantifiers and inline flags have no JavaScript equivalent.
  if (/\\[AZzG]/.test(p) || /[*+?}]\+/.test(p) || /\(\?[a-zA-Z]/.test(p)) {
    throw new OvalUnsupported(`regular expression ${pattern} uses PCRE syntax we do not support`);
  }
  try {
    return new RegExp(p, f);
  } catch {
    throw new OvalUnsupported(`regular expression ${pattern} is not supported`);
  }
}

function versionOrder(a: string, b: string): number {
  // OVAL "version": components separated by non-digits, compared numerically.
  const pa = a
    .split(/[^0-9]+/)
    .filter((s) => s !== '')
    .map(Number);
  const pb = b
    .split(/[^0-9]+/)
    .filter((s) => s !== '')
    .map(Number);
  for (let k = 0; k < Math.max(pa.length, pb.length); k++) {
    const d = (pa[k] ?? 0) - (pb[k] ?? 0);
    if (d !== 0) return Math.sign(d);
  }
  return 0;
}

function order(datatype: string, a: string, b: string): number {
  switch (datatype) {
    case 'int': {
      if (!/^[-+]?\d+$/.test(a.trim()) || !/^[-+]?\d+$/.test(b.trim()))
        throw new Error(`not an int: ${a} / ${b}`);
      const d = BigInt(a.trim()) - BigInt(b.trim());
      return d === 0n ? 0 : d < 0n ? -1 : 1;
    }
    case 'float':
      return Math.sign(Number(a) - Number(b));
    case 'version':
      return versionOrder(a, b);
    case 'evr_string':
      return compareRpmEvr(a, b);
    case 'debian_evr_string':
      return compareDebVersions(a, b);
    case 'boolean': {
      const v = (s: string) =>
        s === 'true' || s === '1' ? 1 : s === 'false' || s === '0' ? 0 : NaN;
      return Math.sign(v(a) - v(b));
    }
    case 'string':
    case 'binary':
      return a === b ? 0 : a < b ? -1 : 1;
    default:
      throw new OvalUnsupported(`datatype ${datatype}`);
  }
}

export function compareEntity(
  item: string,
  operation: string,
  datatype: string,
  expected: string,
): boolean {
  switch (operation) {
    case 'equals':
      return order(datatype, item, expected) === 0;
    case 'not equal':
      return order(datatype, item, expected) !== 0;
    case 'case insensitive equals':
      return item.toLowerCase() === expected.toLowerCase();
    case 'case insensitive not equal':
      return item.toLowerCase() !== expected.toLowerCase();
    case 'pattern match':
      return ovalRegex(expected).test(item);
    case 'greater than':
      return order(datatype, item, expected) > 0;
    case 'less than':
      return order(datatype, item, expected) < 0;
    case 'greater than or equal':
      return order(datatype, item, expected) >= 0;
    case 'less than or equal':
      return order(datatype, item, expected) <= 0;
    case 'bitwise and': {
      const e = BigInt(expected);
      return (BigInt(item) & e) === e;
    }
    case 'bitwise or': {
      const e = BigInt(expected);
      return (BigInt(item) | e) === e;
    }
    default:
      throw new OvalUnsupported(`operation ${operation}`);
  }
}
