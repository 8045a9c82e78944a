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

/** The RFC 8785 text of `value`; throws JcsError for values I-JSON cannot hold. */
export function jcsSerialize(value: unknown): string {
  return isStringifyCanonical(value, 0) ? JSON.stringify(value) : serialize(value, 0);
}

/** True when JSON.stringify(value) is already canonical (conservative: false sends it the slow way). */
function isStringifyCanonical(value: unknown, depth: number): boolean {
  switch (typeof value) {
    case 'string':
      return !SURROGATE.test(value);
    case 'number':
      return Number.isFinite(value);
    case 'boolean':
      return true;
    case 'object': {
      if (value === null) return true;
      if (depth >= MAX_DEPTH) return false;
      if (Array.isArray(value)) {
        for (const item of value as unknown[])
          if (!isStringifyCanonical(item, depth + 1)) return false;
        return true;
      }
      if (Object.getPrototypeOf(value) !== Object.prototype) return false;
      const record = value as Record<string, unknown>;
      let previous: string | undefined;
      // Object.keys order is the order JSON.stringify writes (integer-like keys first, ascending).
      for (const key of Object.keys(record)) {
        if ((previous !== undefined && !(previous < key)) || SURROGATE.test(key)) return false;
        const item = record[key];
        if (item !== undefined && !isStringifyCanonical(item, depth + 1)) return false;
        previous = key;
      }
      return true;
    }
    default:
      return false;
  }
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
