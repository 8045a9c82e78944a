// The writer thread's wire form of an AppendBatch: columns instead of row objects, and every leaf
// and hash in one buffer each. Structured clone copies a Buffer's whole backing ArrayBuffer, and a
// small Buffer is usually a slice of an 8 KiB pool: row by row, a 2000-event batch cost ~16 MB of
// copying on the event loop. Columns cost one pass and two copies of the payload.
import type { AppendBatch, CheckpointRow, EventRow } from '../../log-store.ts';

export interface PackedBatch {
  first: number;
  ids: string[];
  timeMs: Float64Array;
  receivedMs: Float64Array;
  text: (string | null)[][]; // type, outcome, actorId, targetId, targetType, host, sourceKind, severity
  actorRoles: string[][];
  leaves: Uint8Array;
  leafEnds: Uint32Array;
  hashStart: number;
  hashes: Uint8Array;
  hashEnds: Uint32Array;
  checkpoint: CheckpointRow;
}

const TEXT = [
  'type',
  'outcome',
  'actorId',
  'targetId',
  'targetType',
  'host',
  'sourceKind',
  'severity',
] as const;

function concat(parts: readonly Uint8Array[]): { data: Uint8Array; ends: Uint32Array } {
  const ends = new Uint32Array(parts.length);
  let total = 0;
  parts.forEach((p, i) => (ends[i] = total += p.length));
  const data = new Uint8Array(total); // its own ArrayBuffer: transferable, never a pool slice
  let at = 0;
  for (const p of parts) {
    data.set(p, at);
    at += p.length;
  }
  return { data, ends };
}

/** Packs a batch; the second value lists the buffers to transfer (not copy) to the thread. */
export function packBatch(batch: AppendBatch): [PackedBatch, ArrayBuffer[]] {
  const ev = batch.events;
  const leaves = concat(ev.map((e) => e.leaf));
  const hashes = concat(batch.hashes.values);
  const packed: PackedBatch = {
    first: ev[0]?.index ?? 0,
    ids: ev.map((e) => e.id),
    timeMs: Float64Array.from(ev, (e) => e.timeMs),
    receivedMs: Float64Array.from(ev, (e) => e.receivedMs),
    text: TEXT.map((k) => ev.map((e) => e[k])),
    actorRoles: ev.map((e) => e.actorRoles),
    leaves: leaves.data,
    leafEnds: leaves.ends,
    hashStart: batch.hashes.start,
    hashes: hashes.data,
    hashEnds: hashes.ends,
    checkpoint: batch.checkpoint,
  };
  return [packed, [leaves.data.buffer as ArrayBuffer, hashes.data.buffer as ArrayBuffer]];
}

function slices(data: Uint8Array, ends: Uint32Array): Buffer[] {
  const out: Buffer[] = [];
  let start = 0;
  for (const end of ends) {
    out.push(Buffer.from(data.buffer, data.byteOffset + start, end - start));
    start = end;
  }
  return out;
}

export function unpackBatch(p: PackedBatch): AppendBatch {
  const leaves = slices(p.leaves, p.leafEnds);
  const col = (k: number): (string | null)[] => p.text[k]!;
  const [type, outcome, actorId, targetId, targetType, host, sourceKind, severity] = TEXT.map(
    (_, k) => col(k),
  ) as [string[], string[], ...(string | null)[][]];
  const events: EventRow[] = p.ids.map((id, i) => ({
    index: p.first + i,
    id,
    timeMs: p.timeMs[i]!,
    receivedMs: p.receivedMs[i]!,
    type: type[i]!,
    outcome: outcome[i]!,
    actorId: actorId![i] ?? null,
    actorRoles: p.actorRoles[i]!,
    targetId: targetId![i] ?? null,
    targetType: targetType![i] ?? null,
    host: host![i] ?? null,
    sourceKind: sourceKind![i] ?? null,
    severity: severity![i] ?? null,
    leaf: leaves[i]!,
  }));
  return {
    events,
    hashes: { start: p.hashStart, values: slices(p.hashes, p.hashEnds) },
    checkpoint: p.checkpoint,
  };
}
