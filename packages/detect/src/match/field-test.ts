// One `field|modifiers: value(s)` entry of a selection → a compiled test over a document. Values
// of a list are OR-ed (AND with `all`); `null` means the field is absent (Sigma rules
// specification v2, "Detection"); `neq` is true when the field equals none of the values.
import { BlockList, isIP } from 'node:net';
import { DetectError } from '../detect-error.ts';
import type { RulePosition } from '../detect-error.ts';
import type { Accessor, Doc } from '../fields/field-doc.ts';
import { parseModifiers } from './modifier-chain.ts';
import type { ModifierChain } from './modifier-chain.ts';
import { stringTests } from './string-values.ts';
import { anyTest } from './sigma-string.ts';
import { anyElement, dateMs, numeric, scalarText, timePart } from './scalar-value.ts';

export interface TypeHint {
  exact: string[];
  prefixes: string[];
}

export interface FieldTest {
  test: (doc: Doc) => boolean;
  /** For keywatch rules testing the normalized `type`: the types the test can accept. */
  typeHint: TypeHint | undefined;
}

export interface FieldScope {
  native: boolean;
  accessor(field: string): Accessor;
}

type ValueTest = (v: unknown, doc: Doc) => boolean;

export function compileFieldTest(
  key: string,
  value: unknown,
  at: RulePosition,
  scope: FieldScope,
): FieldTest {
  const c = parseModifiers(key, at);
  const values = Array.isArray(value) ? (value as unknown[]) : [value];
  const fail = (why: string) => new DetectError('VALUE_INVALID', `${key}: ${why}`, at);
  if (values.length === 0) throw fail('empty list of values');
  if (values.some((v) => v !== null && typeof v === 'object'))
    throw new DetectError(
      'DETECTION_INVALID',
      `${key}: values must be scalars or a list of scalars`,
      at,
    );
  if (c.all && values.length < 2)
    throw new DetectError('MODIFIER_INVALID', `${key}: all needs a list`, at);
  const get = scope.accessor(c.field);
  if (c.exists) {
    if (values.length !== 1 || typeof values[0] !== 'boolean')
      throw fail('exists takes true or false');
    const want = values[0];
    return { test: (d) => (get(d) !== undefined) === want, typeHint: undefined };
  }
  const nullOk = values.includes(null);
  const nonNull = values.filter((v) => v !== null);
  if (nullOk && (c.all || c.neq || c.re !== undefined || c.cidr || c.numeric || c.fieldref))
    throw fail('null only combines with plain string modifiers');
  const perValue = nonNull.map((v) => valueTest(c, v, fail, scope));
  const combined = combine(perValue, c.all);
  const test: (d: Doc) => boolean = c.neq
    ? (d) => !combined(get(d), d)
    : nullOk
      ? (d) => {
          const v = get(d);
          return v === undefined || v === null ? true : combined(v, d);
        }
      : (d) => {
          const v = get(d);
          return v !== undefined && v !== null && combined(v, d);
        };
  return { test, typeHint: scope.native && c.field === 'type' ? typeHint(c, values) : undefined };
}

function combine(tests: ValueTest[], all: boolean): ValueTest {
  const lifted = tests.map(
    (t) => (v: unknown, d: Doc) => (Array.isArray(v) ? v.some((e) => t(e, d)) : t(v, d)),
  );
  if (lifted.length === 1) return lifted[0]!;
  return all
    ? (v, d) => lifted.every((t) => t(v, d))
    : (v, d) => {
        for (const t of lifted) if (t(v, d)) return true;
        return false;
      };
}

function valueTest(
  c: ModifierChain,
  v: unknown,
  fail: (w: string) => DetectError,
  scope: FieldScope,
): ValueTest {
  if (c.re !== undefined) return regexTest(c.re, v, fail);
  if (c.cidr) return cidrTest(v, fail);
  if (c.numeric || c.timePart) return numberTest(c, v, fail);
  if (c.fieldref) return fieldRefTest(c, v, fail, scope);
  const f = anyTest(stringTests(c, v, fail));
  return c.cased
    ? (x) => {
        const s = scalarText(x);
        return s !== undefined && f(s);
      }
    : (x) => {
        const s = scalarText(x);
        return s !== undefined && f(s.toLowerCase());
      };
}

function regexTest(flags: string, v: unknown, fail: (w: string) => DetectError): ValueTest {
  if (typeof v !== 'string') throw fail('re needs a string');
  let re: RegExp;
  try {
    re = new RegExp(v, flags);
  } catch (e) {
    throw fail(`invalid regular expression: ${(e as Error).message}`);
  }
  return (x) => {
    const s = scalarText(x);
    return s !== undefined && re.test(s);
  };
}

function cidrTest(v: unknown, fail: (w: string) => DetectError): ValueTest {
  const list = new BlockList();
  const [net = '', bits] = String(v).split('/');
  const family = isIP(net);
  const prefix = bits === undefined ? (family === 6 ? 128 : 32) : Number(bits);
  if (family === 0 || !Number.isInteger(prefix) || prefix < 0 || prefix > (family === 6 ? 128 : 32))
    throw fail(`invalid CIDR "${String(v)}"`);
  list.addSubnet(net, prefix, family === 6 ? 'ipv6' : 'ipv4');
  return anyElement((x) => {
    if (typeof x !== 'string') return false;
    const fam = isIP(x);
    return fam !== 0 && list.check(x, fam === 6 ? 'ipv6' : 'ipv4');
  });
}

function numberTest(c: ModifierChain, v: unknown, fail: (w: string) => DetectError): ValueTest {
  const want = numeric(v);
  if (Number.isNaN(want)) throw fail(`"${String(v)}" is not a number`);
  const read = c.timePart
    ? (x: unknown) => {
        const ms = dateMs(x);
        return Number.isNaN(ms) ? NaN : timePart(c.timePart!, ms);
      }
    : numeric;
  switch (c.numeric) {
    case 'lt':
      return (x) => read(x) < want;
    case 'lte':
      return (x) => read(x) <= want;
    case 'gt':
      return (x) => read(x) > want;
    case 'gte':
      return (x) => read(x) >= want;
    default:
      return (x) => read(x) === want;
  }
}

function fieldRefTest(
  c: ModifierChain,
  v: unknown,
  fail: (w: string) => DetectError,
  scope: FieldScope,
): ValueTest {
  if (typeof v !== 'string' || v === '') throw fail('fieldref needs a field name');
  const other = scope.accessor(v);
  const norm = (x: unknown) => {
    const s = scalarText(x);
    return s === undefined ? undefined : c.cased ? s : s.toLowerCase();
  };
  const cmp = (a: string, b: string) =>
    c.wrapper === 'contains'
      ? a.includes(b)
      : c.wrapper === 'startswith'
        ? a.startsWith(b)
        : c.wrapper === 'endswith'
          ? a.endsWith(b)
          : a === b;
  return (x, d) => {
    const a = norm(x);
    if (a === undefined) return false;
    const o = other(d);
    const list = Array.isArray(o) ? o : [o];
    return list.some((e) => {
      const b = norm(e);
      return b !== undefined && cmp(a, b);
    });
  };
}

function typeHint(c: ModifierChain, values: unknown[]): TypeHint | undefined {
  if (c.all || c.neq || c.re !== undefined || c.cidr || c.numeric || c.timePart || c.fieldref)
    return undefined;
  if (c.transforms.length > 0 || (c.wrapper && c.wrapper !== 'startswith')) return undefined;
  const hint: TypeHint = { exact: [], prefixes: [] };
  for (const v of values) {
    if (typeof v !== 'string' || v.includes('?') || v.includes('\\')) return undefined;
    const star = v.indexOf('*');
    const lower = v.toLowerCase();
    if (c.wrapper === 'startswith' && star === -1) hint.prefixes.push(lower);
    else if (star === -1) hint.exact.push(lower);
    else if (star === v.length - 1) hint.prefixes.push(lower.slice(0, -1));
    else return undefined;
  }
  return hint;
}
