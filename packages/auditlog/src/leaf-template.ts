// A leaf before the sequencer knows its position: the UTF-8 bytes of the RFC 8785 text of an event
// without `index` and `received`, and where those two members go. The top level is written member
// by member (keys sorted by UTF-16 code units, RFC 8785 §3.2.3; each value by jcsSerialize), so
// the insertion points are known without scanning. The costly part of a leaf (every nested
// object, sorted and escaped) can then be written on another thread, and the one writer only
// copies those bytes around the two members: leafFromTemplate(t, i, r) is byte for byte canonicalLeaf({...event, index: i,
// received: r}) (leaf-template.test.ts checks this for arbitrary events).
import { AuditLogError } from './audit-log-error.ts';
import { jcsSerialize } from './jcs-serialize.ts';

export interface LeafTemplate {
  /** The UTF-8 bytes of the canonical text of the event's other members, `{…}`. */
  bytes: Uint8Array;
  /** Byte offset where the `"index"` member goes. */
  indexAt: number;
  /** Byte offset where `"received"` goes (≥ indexAt: "index" < "received"). */
  receivedAt: number;
}

const SERVER_FIELDS = new Set(['index', 'received']);

/** The template of `event` (its own `index` and `received`, if any, are replaced later). */
export function leafTemplate(event: object): LeafTemplate {
  if (event === null || typeof event !== 'object' || Array.isArray(event))
    throw malformed(new Error('not an object'));
  try {
    const record = event as Record<string, unknown>;
    const keys = Object.keys(record)
      .filter((k) => !SERVER_FIELDS.has(k) && !isAbsent(record[k]))
      .sort();
    // The members before "index", between the two, after "received": each group as one object
    // whose keys are inserted in RFC 8785 order, so one jcsSerialize call writes it (and only its
    // nested objects are sorted). A key "__proto__" would set a prototype instead: it takes the
    // member-by-member path.
    if (keys.includes('__proto__')) return memberByMember(record, keys);
    const groups: Record<string, unknown>[] = [{}, {}, {}];
    let g = 0;
    for (const key of keys) {
      if (g === 0 && key > 'index') g = 1;
      if (g === 1 && key > 'received') g = 2;
      groups[g]![key] = record[key];
    }
    // Depth 0 for each group: its members sit at depth 1, as in the whole event.
    const a = members(groups[0]!);
    const b = members(groups[1]!);
    const c = members(groups[2]!);
    const head = `{${a}`;
    const middle = b === '' || a === '' ? b : `,${b}`;
    const tail = c === '' || (a === '' && b === '') ? c : `,${c}`;
    return assemble(head, middle, tail);
  } catch (cause) {
    throw malformed(cause);
  }
}

/** The RFC 8785 text of an object's members, without its braces. */
function members(o: Record<string, unknown>): string {
  for (const _ in o) return jcsSerialize(o, 0).slice(1, -1);
  return '';
}

function assemble(head: string, middle: string, tail: string): LeafTemplate {
  const indexAt = Buffer.byteLength(head);
  const receivedAt = indexAt + Buffer.byteLength(middle);
  const bytes = Buffer.from(`${head}${middle}${tail}}`, 'utf8');
  return { bytes, indexAt, receivedAt };
}

/** The template written member by member, each value by jcsSerialize. */
function memberByMember(record: Record<string, unknown>, keys: readonly string[]): LeafTemplate {
  // Three pieces: before "index", between the two, after "received".
  const pieces = ['{', '', ''];
  let piece = 0;
  for (let i = 0; i < keys.length; i++) {
    const key = keys[i]!;
    if (piece === 0 && key > 'index') piece = 1;
    if (piece === 1 && key > 'received') piece = 2;
    // Depth 1: the same nesting limit as when the whole event is serialized.
    pieces[piece] += `${i === 0 ? '' : ','}${jcsSerialize(key, 1)}:${jcsSerialize(record[key], 1)}`;
  }
  const [head, middle, tail] = pieces as [string, string, string];
  return assemble(head, middle, tail);
}

/** The leaf bytes of the templated event at `index`, received at `received` (RFC 3339). */
export function leafFromTemplate(t: LeafTemplate, index: number, received: string): Buffer {
  const { bytes, indexAt, receivedAt } = t;
  // An offset is the first key's quote (1, right after "{"), the "," before a later member, or
  // the closing "}": a member goes in before the first key with its comma after it, elsewhere
  // with its comma before it; into "{}" (two bytes) without one.
  const I = `"index":${index}`;
  const R = `"received":${JSON.stringify(received)}`;
  const both = indexAt === receivedAt;
  const first = both ? `${I},${R}` : I;
  const head = indexAt === 1 ? (bytes.length === 2 ? first : `${first},`) : `,${first}`;
  const second = both ? '' : `,${R}`;
  const headBytes = Buffer.byteLength(head);
  const out = Buffer.allocUnsafe(bytes.length + headBytes + Buffer.byteLength(second));
  out.set(bytes.subarray(0, indexAt), 0);
  let at = indexAt + out.write(head, indexAt, 'utf8');
  out.set(bytes.subarray(indexAt, receivedAt), at);
  at += receivedAt - indexAt;
  at += out.write(second, at, 'utf8');
  out.set(bytes.subarray(receivedAt), at);
  return out;
}

function isAbsent(value: unknown): boolean {
  return value === undefined || typeof value === 'function' || typeof value === 'symbol';
}

function malformed(cause: unknown): AuditLogError {
  return new AuditLogError(
    'LEAF_MALFORMED',
    `the event has no RFC 8785 form: ${(cause as Error).message}`,
    { cause },
  );
}
