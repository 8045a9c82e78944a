// The SQLite append hot path, packed: a batch becomes a few flat arrays and byte buffers
// (packBatch) that the commit thread (sqlite-commit-worker.cjs) receives by structured clone at
// little cost; an object per event cost more to copy than committing on the event loop did
// (docs/performance.md). The statements live in sqlite-append-core.cjs, shared by the thread and
// by the event loop's connection (inlineAppender).
import { createRequire } from 'node:module';
import type BetterSqlite3 from 'better-sqlite3';
import type { AppendBatch } from '../../log-store.ts';
import {
  blockTimeRows,
  postingRows,
  type BlockTimeRows,
  type PostingRows,
} from '../../postings.ts';
import { encodeText } from '../../text-codec.ts';

export interface PackedBatch {
  first: number;
  count: number;
  /** The stored (encoded, NUL-free) ids joined by NUL. */
  ids: string;
  timeMs: Float64Array;
  receivedMs: Float64Array;
  /** Every leaf, back to back; leafEnds[i] is where leaf i ends. */
  leaves: Uint8Array;
  leafEnds: Uint32Array;
  hashStart: number;
  hashCount: number;
  hashes: Uint8Array;
  postings: PostingRows;
  blockTimes: BlockTimeRows;
  checkpoint: AppendBatch['checkpoint'];
}

/** What the log held when a batch did not start at its end (nothing was written). */
export interface AppendCounts {
  size: number;
  hashes: number;
}

/** A batch whose shape was checked (checkBatchShape), packed for sqlite-append-core.cjs. */
export function packBatch(batch: AppendBatch): PackedBatch {
  const { events, hashes, checkpoint } = batch;
  const count = events.length;
  const timeMs = new Float64Array(count);
  const receivedMs = new Float64Array(count);
  const leafEnds = new Uint32Array(count);
  const ids = new Array<string>(count);
  let bytes = 0;
  for (let i = 0; i < count; i++) {
    const e = events[i]!;
    ids[i] = encodeText(e.id);
    timeMs[i] = e.timeMs;
    receivedMs[i] = e.receivedMs;
    leafEnds[i] = bytes += e.leaf.length;
  }
  const leaves = new Uint8Array(bytes);
  for (let i = 0, at = 0; i < count; i++) {
    const leaf = events[i]!.leaf;
    leaves.set(leaf, at);
    at += leaf.length;
  }
  return {
    first: events[0]!.index,
    count,
    ids: ids.join('\u0000'),
    timeMs,
    receivedMs,
    leaves,
    leafEnds,
    hashStart: hashes.start,
    hashCount: hashes.values.length,
    hashes: concatOwn(hashes.values),
    postings: postingRows(events),
    blockTimes: blockTimeRows(events),
    checkpoint,
  };
}

/**
 * The buffers a packed batch owns alone (none is a view of Buffer's shared pool or of a row's
 * leaf), which may be transferred to the commit thread; the batch is unusable here afterwards.
 */
export function packedBuffers(p: PackedBatch): ArrayBuffer[] {
  return [p.timeMs, p.receivedMs, p.leaves, p.leafEnds, p.hashes].map(
    (a) => a.buffer as ArrayBuffer,
  );
}

/** The byte arrays back to back in a buffer of their own (Buffer.concat may cut from the pool). */
function concatOwn(parts: readonly Uint8Array[]): Uint8Array {
  let total = 0;
  for (const p of parts) total += p.length;
  const out = new Uint8Array(total);
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

export type AppendFn = (packed: PackedBatch) => AppendCounts | undefined;

interface AppendCore {
  makeAppender(db: BetterSqlite3.Database): AppendFn;
}

/** The append on `db`, on the calling thread. */
export function inlineAppender(db: BetterSqlite3.Database): AppendFn {
  // Required here, not imported: verify's worker bundle includes this module and never appends.
  const core = createRequire(import.meta.url)('./sqlite-append-core.cjs') as AppendCore;
  return core.makeAppender(db);
}
