// Runs in a worker thread of ParallelLeafChecker: checks a chunk of leaves (position, canonical
// form) and returns their leaf hashes packed in one buffer. A failure comes back as data, not as a
// thrown error, so that its code and index survive the thread boundary.
import { AuditLogError, checkLeaf } from '@keywatch/auditlog';

/** Leaves start, start+1, … packed in `data`; leaf i ends at ends[i]. One clone, not one per leaf. */
export interface LeafCheckTask {
  start: number;
  data: Uint8Array;
  ends: Uint32Array;
}

export type LeafCheckResult =
  | { ok: true; hashes: Uint8Array }
  | { ok: false; code: string; message: string; index: number | undefined };

export default function checkChunk(task: LeafCheckTask): LeafCheckResult {
  const { data, ends } = task;
  const hashes = new Uint8Array(ends.length * 32);
  let from = 0;
  try {
    for (let i = 0; i < ends.length; i++) {
      const to = ends[i]!;
      hashes.set(checkLeaf(data.subarray(from, to), task.start + i), i * 32);
      from = to;
    }
  } catch (err) {
    if (err instanceof AuditLogError) {
      return { ok: false, code: err.code, message: err.message, index: err.index };
    }
    throw err;
  }
  return { ok: true, hashes };
}
