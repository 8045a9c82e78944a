// RFC 8785 (JCS) serialization, tuned for the ingest hot path. JCS writes strings and numbers
// exactly as ECMAScript's JSON.stringify does (§3.2.2.2, §3.2.2.3) and sorts object members by
// UTF-16 code units (§3.2.3), which is what Array.prototype.sort does with strings. So when every
// object's keys are already in that order (e.g. an event parsed back from its own leaf bytes),
// JSON.stringify itself is the canonical form; otherwise members are sorted and written here.
// Tests check this byte for byte against the `canonicalize` package.

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
      const record = value as Record<string, unknown>;
      const keys = Object.keys(record);
      const shape = shapeOf(keys);
      if (shape === undefined) return UNUSUAL;
      let changed = false;
      const values: unknown[] = new Array(keys.length);
      for (let i = 0; i < keys.length; i++) {
        const item = record[keys[i]!];
        const p =
          item === undefined || typeof item === 'function' ? item : prepare(item, depth + 1);
        if (p === UNUSUAL) return UNUSUAL;
        if (p !== item) changed = true;
        values[i] = p;
      }
      if (shape.order === undefined && !changed) return value;
      const copy: Record<string, unknown> = {};
      if (shape.order === undefined)
        for (let i = 0; i < keys.length; i++) copy[keys[i]!] = values[i];
      else for (const i of shape.order) copy[keys[i]!] = values[i];
      return copy;
    }
    default:
      // undefined, functions, symbols: skipped or null, as JSON.stringify does; bigint: refused.
      return typeof value === 'bigint' ? UNUSUAL : value;
  }
}

/** A key list seen before: the member order RFC 8785 §3.2.3 asks for (undefined: already sorted). */
interface Shape {
  keys: readonly string[];
  order: number[] | undefined;
}

// Events of one source share a handful of key lists, so checking and sorting each list once saves
// most of the per-object work. Lists are found by their first key (a Map lookup on a string whose
// hash V8 keeps) and compared key by key: joining the keys into one lookup string cost more than
// the rest of the check. Bounded, so hostile input with ever-new keys cannot grow it.
const shapes = new Map<string, Shape[]>();
let shapeCount = 0;
const MAX_SHAPES = 4096;
/** Lists sharing a first key are scanned one by one: a bucket keeps the newest few. */
const MAX_BUCKET = 16;

/** The shape of a key list, or undefined when JSON.stringify cannot write it canonically. */
function shapeOf(keys: readonly string[]): Shape | undefined {
  const first = keys.length === 0 ? '' : keys[0]!;
  const bucket = shapes.get(first);
  if (bucket !== undefined)
    for (const known of bucket) if (sameKeys(known.keys, keys)) return known;
  // "__proto__": a sorted copy would set its prototype instead of a member, losing it.
  for (const key of keys)
    if (INTEGER_KEY.test(key) || SURROGATE.test(key) || key === '__proto__') return undefined;
  let sorted = true;
  for (let i = 1; i < keys.length && sorted; i++) sorted = keys[i - 1]! < keys[i]!;
  const order = sorted
    ? undefined
    : keys.map((_, i) => i).sort((a, b) => (keys[a]! < keys[b]! ? -1 : 1));
  const shape = { keys: keys.slice(), order };
  if (shapeCount >= MAX_SHAPES) {
    shapes.clear();
    shapeCount = 0;
  }
  if (bucket === undefined || !shapes.has(first)) shapes.set(first, [shape]);
  else if (bucket.push(shape) > MAX_BUCKET) bucket.shift();
  shapeCount++;
  return shape;
}

function sameKeys(a: readonly string[], b: readonly string[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
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
