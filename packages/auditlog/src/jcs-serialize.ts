// RFC 8785 (JCS) serialization, tuned for the ingest hot path. JCS writes strings and numbers
// exactly as ECMAScript's JSON.stringify does (§3.2.2.2, §3.2.2.3) and sorts object members by
// UTF-16 code units (§3.2.3), which is what Array.prototype.sort does with strings. So when every
// object's keys are already in that order (e.g. an event parsed back from its own leaf bytes),
// JSON.stringify itself is the canonical form; otherwise members are sorted and written here.
// Tests check this byte for byte against the `canonicalize` package.

import { KeyListCache } from './key-list-cache.ts';

/** Deeper nesting is refused: no audit event needs it, and a limit keeps recursion (and verifiers on other machines) deterministic. */
export const MAX_DEPTH = 100;

const SURROGATE = /[\uD800-\uDFFF]/;
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

export class JcsError extends Error {}

/**
 * The RFC 8785 text of `value`; throws JcsError for values I-JSON cannot hold. `depth`: how deep
 * `value` sits in the object it is part of (the nesting limit counts from there).
 */
export function jcsSerialize(value: unknown, depth = 0): string {
  const prepared = prepare(value, depth);
  if (prepared !== UNUSUAL) {
    const out = JSON.stringify(prepared) as string | undefined;
    // JSON.stringify escapes a lone surrogate as \udXXX (and writes pairs raw): only then, or for
    // a literal backslash before "ud", does the careful path decide.
    if (out !== undefined && !out.includes('\\ud')) return out;
  }
  return serialize(value, depth);
}

const UNUSUAL: unique symbol = Symbol('unusual');
const INTEGER_KEY = /^(?:0|[1-9]\d*)$/;

/**
 * `value` itself when every object's keys are already in RFC 8785 order, else a copy whose objects
 * are (so that one native JSON.stringify writes the canonical form); UNUSUAL for anything
 * JSON.stringify would not write canonically: non-finite numbers, toJSON, class instances,
 * integer-like keys (V8 enumerates them first, in numeric order), a "__proto__" member, too deep.
 */
function prepare(value: unknown, depth: number): unknown {
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return value;
    case 'number':
      return Number.isFinite(value) ? value : UNUSUAL;
    case 'object': {
      if (value === null) return value;
      if (depth >= MAX_DEPTH) return UNUSUAL;
      if (Array.isArray(value)) {
        let copy: unknown[] | undefined;
        const items = value as unknown[];
        for (let i = 0; i < items.length; i++) {
          const item = items[i];
          const p = item === undefined ? item : prepare(item, depth + 1);
          if (p === UNUSUAL) return UNUSUAL;
          if (p !== item) (copy ??= items.slice())[i] = p;
        }
        return copy ?? value;
      }
      if (Object.getPrototypeOf(value) !== Object.prototype) return UNUSUAL;
      return prepareObject(value as Record<string, unknown>, depth);
    }
    default:
      // undefined, functions, symbols: skipped or null, as JSON.stringify does; bigint: refused.
      return typeof value === 'bigint' ? UNUSUAL : value;
  }
}

/** A key list's member order for RFC 8785 §3.2.3 (undefined: already sorted), or UNUSUAL. */
type Shape = { order: number[] | undefined } | typeof UNUSUAL;

const shapes = new KeyListCache<Shape>((keys) => {
  if (!plainKeys(keys)) return UNUSUAL;
  let sorted = true;
  for (let i = 1; i < keys.length && sorted; i++) sorted = keys[i - 1]! < keys[i]!;
  if (sorted) return { order: undefined };
  return { order: keys.map((_, i) => i).sort((a, b) => (keys[a]! < keys[b]! ? -1 : 1)) };
});

/**
 * Keys that JSON.stringify writes as given, in insertion order: not integer-like (V8 enumerates
 * those first, in numeric order), no surrogates (sorting and escaping take the careful path), not
 * "__proto__" (assigning it to a copy sets its prototype instead, losing the member).
 */
export function plainKeys(keys: readonly string[]): boolean {
  for (const key of keys)
    if (INTEGER_KEY.test(key) || SURROGATE.test(key) || key === '__proto__') return false;
  return true;
}

/** The object's copy in member order (or itself when already so), as prepare describes. */
function prepareObject(record: Record<string, unknown>, depth: number): unknown {
  const keys = Object.keys(record);
  const shape = shapes.get(keys);
  if (shape === UNUSUAL) return UNUSUAL;
  if (shape.order !== undefined) {
    const copy: Record<string, unknown> = {};
    for (const i of shape.order) {
      const p = prepareMember(record[keys[i]!], depth);
      if (p === UNUSUAL) return UNUSUAL;
      copy[keys[i]!] = p;
    }
    return copy;
  }
  // Already in order: copied only from the first member whose value had to change.
  let copy: Record<string, unknown> | undefined;
  for (let i = 0; i < keys.length; i++) {
    const item = record[keys[i]!];
    const p = prepareMember(item, depth);
    if (p === UNUSUAL) return UNUSUAL;
    if (p !== item && copy === undefined) {
      copy = {};
      for (let j = 0; j < i; j++) copy[keys[j]!] = record[keys[j]!];
    }
    if (copy !== undefined) copy[keys[i]!] = p;
  }
  return copy ?? record;
}

/** A member's value of an object at `depth`, prepared (undefined and functions are skipped). */
function prepareMember(item: unknown, depth: number): unknown {
  return item === undefined || typeof item === 'function' ? item : prepare(item, depth + 1);
}

/**
 * The RFC 8785 text `{…}` of the members `keys` of `record`, given in RFC 8785 order and plain
 * (plainKeys), for an object at `depth`; undefined when a value needs the careful path.
 */
export function jcsMembersText(
  record: Record<string, unknown>,
  keys: readonly string[],
  depth: number,
): string | undefined {
  const o: Record<string, unknown> = {};
  for (const k of keys) {
    const p = prepareMember(record[k], depth);
    if (p === UNUSUAL) return undefined;
    o[k] = p;
  }
  const out = JSON.stringify(o);
  return out.includes('\\ud') ? undefined : out;
}

function serialize(value: unknown, depth: number): string {
  switch (typeof value) {
    case 'string':
      return serializeString(value);
    case 'number':
      if (!Number.isFinite(value)) throw new JcsError(`${value} is not an I-JSON number`);
      return JSON.stringify(value);
    case 'boolean':
      return value ? 'true' : 'false';
    case 'object':
      if (value === null) return 'null';
      if (depth >= MAX_DEPTH) throw new JcsError(`nested deeper than ${MAX_DEPTH} levels`);
      return serializeObject(value, depth);
    default:
      throw new JcsError(`a ${typeof value} has no JSON form`);
  }
}

function serializeString(value: string): string {
  if (SURROGATE.test(value) && LONE_SURROGATE.test(value))
    throw new JcsError('a string holds a lone surrogate');
  return JSON.stringify(value);
}

/** Like JSON.stringify: toJSON() first; undefined, functions and symbols are null in arrays and skipped in objects. */
function serializeObject(value: object, depth: number): string {
  const toJSON = (value as { toJSON?: unknown }).toJSON;
  if (typeof toJSON === 'function') return serialize(toJSON.call(value) as unknown, depth + 1);
  if (Array.isArray(value)) {
    const items = value as unknown[];
    let out = '[';
    for (let i = 0; i < items.length; i++) {
      const item = items[i];
      out += (i === 0 ? '' : ',') + (isAbsent(item) ? 'null' : serialize(item, depth + 1));
    }
    return `${out}]`;
  }
  const record = value as Record<string, unknown>;
  let out = '{';
  for (const key of Object.keys(record).sort()) {
    const item = record[key];
    if (isAbsent(item)) continue;
    out += `${out.length === 1 ? '' : ','}${serializeString(key)}:${serialize(item, depth + 1)}`;
  }
  return `${out}}`;
}

function isAbsent(value: unknown): boolean {
  return value === undefined || typeof value === 'function' || typeof value === 'symbol';
}
