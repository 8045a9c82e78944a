// A leaf before the sequencer knows its position: the UTF-8 bytes of the RFC 8785 text of an event
// without `index` and `received`, and where those two members go. The costly part of a leaf (every
// object sorted, every string escaped) can then be written anywhere, on another thread too, and the
// one writer only copies those bytes around the two members: leafFromTemplate(t, i, r) is byte for
// byte canonicalLeaf({...event, index: i, received: r}) (leaf-template.test.ts checks this for
// arbitrary events). The members before "index", between the two and after "received" are written
// as three objects, by one native JSON.stringify each; which keys go where is worked out once per
// key list (a plan). Writing the top level member by member, sorting the keys each time, cost
// 3.7 µs for a 300-byte event (2026-11-30); that is now the path for unusual keys only.
import { AuditLogError } from './audit-log-error.ts';
import { jcsMembersText, jcsSerialize, plainKeys } from './jcs-serialize.ts';
import { KeyListCache } from './key-list-cache.ts';

export interface LeafTemplate {
  /** The UTF-8 bytes of the canonical text of the event's other members, `{…}`. */
  bytes: Uint8Array;
  /** Byte offset where the `"index"` member goes. */
  indexAt: number;
  /** Byte offset where `"received"` goes (≥ indexAt: "index" < "received"). */
  receivedAt: number;
}

const SERVER_FIELDS = new Set(['index', 'received']);

/** How a key list splits into the members before "index", between the two, and after "received". */
type Plan = { groups: [string[], string[], string[]] } | undefined;

const plans = new KeyListCache<Plan>((keys) => {
  if (!plainKeys(keys)) return undefined; // member by member
  const groups: [string[], string[], string[]] = [[], [], []];
  for (const key of [...keys].sort()) {
    if (SERVER_FIELDS.has(key)) continue;
    groups[key < 'index' ? 0 : key < 'received' ? 1 : 2].push(key);
  }
  return { groups };
});

/** The template of `event` (its own `index` and `received`, if any, are replaced later). */
export function leafTemplate(event: object): LeafTemplate {
  if (event === null || typeof event !== 'object' || Array.isArray(event))
    throw malformed(new Error('not an object'));
  try {
    const record = event as Record<string, unknown>;
    const plan = plans.get(Object.keys(record));
    if (plan === undefined) return memberByMember(record);
    // Each group written by one native JSON.stringify of an object whose keys are inserted in
    // RFC 8785 order (only nested objects are sorted on the way).
    const [g0, g1, g2] = plan.groups;
    const a = members(record, g0);
    const b = members(record, g1);
    const c = members(record, g2);
    if (a === undefined || b === undefined || c === undefined) return memberByMember(record);
    return joinGroups(a, b, c);
  } catch (cause) {
    throw malformed(cause);
  }
}

/** The RFC 8785 text of the members `keys` of the event, without braces; undefined: careful path. */
function members(record: Record<string, unknown>, keys: readonly string[]): string | undefined {
  if (keys.length === 0) return '';
  return jcsMembersText(record, keys, 0)?.slice(1, -1);
}

/** A template from the three groups' members (each without braces). */
function joinGroups(a: string, b: string, c: string): LeafTemplate {
  const head = `{${a}`;
  const middle = b === '' || a === '' ? b : `,${b}`;
  const tail = c === '' || (a === '' && b === '') ? c : `,${c}`;
  return assemble(head, middle, tail);
}

function assemble(head: string, middle: string, tail: string): LeafTemplate {
  const indexAt = Buffer.byteLength(head);
  const receivedAt = indexAt + Buffer.byteLength(middle);
  const bytes = Buffer.from(`${head}${middle}${tail}}`, 'utf8');
  return { bytes, indexAt, receivedAt };
}

/** The template written member by member, each value by jcsSerialize. */
function memberByMember(record: Record<string, unknown>): LeafTemplate {
  const keys = Object.keys(record)
    .filter((k) => !SERVER_FIELDS.has(k) && !isAbsent(record[k]))
    .sort();
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

const COMMA = 0x2c;

/** `"received":…` for the last receive time seen: the events of one request share it. */
let lastReceived: string | undefined;
let receivedMember: Uint8Array = new Uint8Array(0);

/** The leaf bytes of the templated event at `index`, received at `received` (RFC 3339). */
export function leafFromTemplate(t: LeafTemplate, index: number, received: string): Buffer {
  const { bytes, indexAt, receivedAt } = t;
  if (received !== lastReceived) {
    receivedMember = Buffer.from(`"received":${JSON.stringify(received)}`, 'utf8');
    lastReceived = received;
  }
  const R = receivedMember;
  const I = `"index":${index}`; // ASCII
  // An offset is the first key's quote (1, right after "{"), the "," before a later member, or
  // the closing "}": a member goes in before the first key with its comma after it, elsewhere
  // with its comma before it; into "{}" (two bytes) without one.
  const L = bytes.length;
  const both = indexAt === receivedAt;
  const atStart = indexAt === 1;
  const commaAfter = atStart && L !== 2;
  const n1 = I.length + (both ? 1 + R.length : 0) + (atStart && !commaAfter ? 0 : 1);
  const n2 = both ? 0 : 1 + R.length;
  // The template in place, then its middle and tail moved right to open the two gaps.
  const out = Buffer.allocUnsafe(L + n1 + n2);
  out.set(bytes, 0);
  out.copyWithin(receivedAt + n1 + n2, receivedAt, L);
  out.copyWithin(indexAt + n1, indexAt, receivedAt);
  let at = indexAt;
  if (!atStart) out[at++] = COMMA;
  at += out.write(I, at, 'latin1');
  if (both) {
    out[at++] = COMMA;
    out.set(R, at);
    at += R.length;
  }
  if (commaAfter) out[at] = COMMA;
  if (!both) {
    out[receivedAt + n1] = COMMA;
    out.set(R, receivedAt + n1 + 1);
  }
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
