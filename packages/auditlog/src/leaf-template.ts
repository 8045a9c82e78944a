// A leaf before the sequencer knows its position: the RFC 8785 text of an event without `index`
// and `received`, and where those two members go. The top level is written member by member (keys
// sorted by UTF-16 code units, RFC 8785 §3.2.3; each value by jcsSerialize), so the insertion
// points are known without scanning. The costly part of a leaf (every nested object, sorted and
// escaped) can then be written on another thread, and the one writer only splices in two numbers'
// worth of text: leafFromTemplate(t, i, r) is byte for byte canonicalLeaf({...event, index: i,
// received: r}) (leaf-template.test.ts checks this for arbitrary events).
import { AuditLogError } from './audit-log-error.ts';
import { jcsSerialize } from './jcs-serialize.ts';

export interface LeafTemplate {
  /** The canonical text of the event's other members, `{…}`. */
  text: string;
  /** Offset in `text` where the `"index"` member goes. */
  indexAt: number;
  /** Offset where `"received"` goes (≥ indexAt: "index" < "received"). */
  receivedAt: number;
  /** How many members `text` holds (a comma goes before an insertion unless at the start). */
  members: number;
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
    let text = '{';
    let indexAt = -1;
    let receivedAt = -1;
    for (let i = 0; i < keys.length; i++) {
      const key = keys[i]!;
      if (indexAt < 0 && key > 'index') indexAt = text.length;
      if (receivedAt < 0 && key > 'received') receivedAt = text.length;
      // Depth 1: the same nesting limit as when the whole event is serialized.
      text += `${i === 0 ? '' : ','}${jcsSerialize(key, 1)}:${jcsSerialize(record[key], 1)}`;
    }
    if (indexAt < 0) indexAt = text.length;
    if (receivedAt < 0) receivedAt = text.length;
    return { text: `${text}}`, indexAt, receivedAt, members: keys.length };
  } catch (cause) {
    throw malformed(cause);
  }
}

/** The leaf bytes of the templated event at `index`, received at `received` (RFC 3339). */
export function leafFromTemplate(t: LeafTemplate, index: number, received: string): Buffer {
  const { text, indexAt, receivedAt } = t;
  // An offset is the first key's quote (1, right after "{"), the "," before a later member, or
  // the closing "}": a member goes in before the first key with its comma after it, elsewhere
  // with its comma before it.
  const I = `"index":${index}`;
  const R = `"received":${JSON.stringify(received)}`;
  const both = indexAt === receivedAt;
  const first = both ? `${I},${R}` : I;
  const head = indexAt === 1 ? (t.members === 0 ? first : `${first},`) : `,${first}`;
  const leaf = both
    ? text.slice(0, indexAt) + head + text.slice(indexAt)
    : text.slice(0, indexAt) +
      head +
      text.slice(indexAt, receivedAt) +
      `,${R}` +
      text.slice(receivedAt);
  return Buffer.from(leaf, 'utf8');
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
