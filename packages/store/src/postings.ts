// The filter index, write side. Every filterable field value of an event becomes a tag
// ("type:key.create", "actor:alice", "role:key_admin", …). The log is cut into blocks of
// BLOCK_SIZE consecutive indexes, and each (block, tag) row holds the offsets within the block of
// the events carrying the tag (uint16 little-endian, ascending). Appends only ever add offsets
// above the existing ones, so a row grows by plain concatenation: an upsert, no read-modify-write.
// Keyed by block first, a batch's rows sit together on a few pages. To find a tag's blocks without
// probing every block, event_tag_spans records each span of SPAN_BLOCKS blocks where a tag occurs:
// a row is added the first time, so it costs a lookup per (tag, span) and almost never a write.
//
// Why not one B-tree index per column: measured on this machine, each (column, idx) index costs
// 2-4 µs per appended event, because keys of different values land on different pages that every
// commit writes again; eight of them tripled the cost of an append. Keyed (tag, block), postings
// still cost one dirty page per tag and commit (a third of all WAL frames); keyed (block, tag)
// they cost a handful.
import type { EventRow } from './log-store.ts';
import { encodeText } from './text-codec.ts';

/** Offsets fit in 16 bits; a row holds at most 2 KiB. */
export const BLOCK_SIZE = 1024;

export function blockOf(index: number): number {
  return Math.floor(index / BLOCK_SIZE);
}

/** Blocks per span (16,384 events). */
export const SPAN_BLOCKS = 16;

export function spanOf(block: number): number {
  return Math.floor(block / SPAN_BLOCKS);
}

export type TagField =
  'type' | 'outcome' | 'actor' | 'role' | 'target' | 'host' | 'kind' | 'severity';

export function tagOf(field: TagField, value: string): string {
  return `${field}:${encodeText(value)}`;
}

export interface PostingRows {
  tags: string[];
  blocks: number[];
  offsets: Buffer[];
  /** Distinct (tag, span) pairs of the rows above. */
  spanTags: string[];
  spans: number[];
}

/** The (tag, block, offsets) rows to upsert for a contiguous batch. */
export function postingRows(events: readonly EventRow[]): PostingRows {
  // Per field, value → ascending indexes, keyed by the value strings as they come: building a
  // tag string per event and field cost more than all the inserts.
  const byField = FIELDS.map(() => new Map<string, number[]>());
  const [type, outcome, actor, target, host, kind, severity, role] = byField as [
    Values,
    Values,
    Values,
    Values,
    Values,
    Values,
    Values,
    Values,
  ];
  for (const e of events) {
    const i = e.index;
    add(type, e.type, i);
    add(outcome, e.outcome, i);
    if (e.actorId !== null) add(actor, e.actorId, i);
    if (e.targetId !== null) add(target, e.targetId, i);
    if (e.host !== null) add(host, e.host, i);
    if (e.sourceKind !== null) add(kind, e.sourceKind, i);
    if (e.severity !== null) add(severity, e.severity, i);
    if (e.actorRoles.length === 1) add(role, e.actorRoles[0]!, i);
    else if (e.actorRoles.length > 1) for (const r of new Set(e.actorRoles)) add(role, r, i); // a role listed twice is one fact
  }
  const rows: PostingRows = { tags: [], blocks: [], offsets: [], spanTags: [], spans: [] };
  byField.forEach((values, f) => {
    for (const [value, indexes] of values) splitByBlock(rows, tagOf(FIELDS[f]!, value), indexes);
  });
  return rows;
}

type Values = Map<string, number[]>;
const FIELDS: TagField[] = [
  'type',
  'outcome',
  'actor',
  'target',
  'host',
  'kind',
  'severity',
  'role',
];

function add(values: Values, value: string, index: number): void {
  const list = values.get(value);
  if (list === undefined) values.set(value, [index]);
  else list.push(index);
}

function splitByBlock(rows: PostingRows, tag: string, indexes: number[]): void {
  for (let i = 0; i < indexes.length;) {
    const block = blockOf(indexes[i]!);
    const base = block * BLOCK_SIZE;
    let j = i;
    while (j < indexes.length && indexes[j]! - base < BLOCK_SIZE) j++;
    const offsets = Buffer.allocUnsafe(2 * (j - i));
    for (let k = i; k < j; k++) offsets.writeUInt16LE(indexes[k]! - base, 2 * (k - i));
    rows.tags.push(tag);
    rows.blocks.push(block);
    rows.offsets.push(offsets);
    const last = rows.spans.length - 1;
    if (rows.spanTags[last] !== tag || rows.spans[last] !== spanOf(block)) {
      rows.spanTags.push(tag);
      rows.spans.push(spanOf(block));
    }
    i = j;
  }
}

/** The offsets stored in a posting row. */
export function readOffsets(bytes: Uint8Array): Uint16Array {
  const out = new Uint16Array(bytes.length >> 1);
  for (let k = 0; k < out.length; k++) out[k] = bytes[2 * k]! | (bytes[2 * k + 1]! << 8);
  return out;
}

export interface BlockTimeRows {
  blocks: number[];
  minTimes: number[];
  maxTimes: number[];
}

/** Per block touched by the batch, the least and greatest event time it adds. */
export function blockTimeRows(events: readonly EventRow[]): BlockTimeRows {
  const rows: BlockTimeRows = { blocks: [], minTimes: [], maxTimes: [] };
  let last = -1;
  for (const e of events) {
    const block = blockOf(e.index);
    if (block !== rows.blocks[last]) {
      rows.blocks.push(block);
      rows.minTimes.push(e.timeMs);
      rows.maxTimes.push(e.timeMs);
      last++;
    } else {
      rows.minTimes[last] = Math.min(rows.minTimes[last]!, e.timeMs);
      rows.maxTimes[last] = Math.max(rows.maxTimes[last]!, e.timeMs);
    }
  }
  return rows;
}
