// Runs in a worker thread of ParallelLeafChecker: checks one aligned chunk of leaves (position,
// canonical form) and returns every complete subtree node of it, level by level, packed in one
// buffer (subtree-levels.ts), so the main thread folds a node per chunk instead of one per leaf.
// The leaves come packed from the main thread, or — for a SQLite log — straight from the file on
// this thread's own read-only connection, so reading spreads over the threads too. A failure
// comes back as data, not as a thrown error, so that its code and index survive the boundary.
import Database from 'better-sqlite3';
import { AuditLogError, checkLeaf, subtreeLevels } from '@keywatch/auditlog';

export interface LeafCheckTask {
  /** Position of the first leaf: a multiple of the chunk capacity. */
  start: number;
  count: number;
  /** Leaves packed by the caller (leaf i ends at ends[i]) … */
  data?: Uint8Array;
  ends?: Uint32Array;
  /** … or read here: idx start … start+count−1 of this SQLite file's events table. */
  sqlitePath?: string;
}

export type LeafCheckResult =
  | { ok: true; count: number; levels: Uint8Array }
  | { ok: false; code: string; message: string; index: number | undefined };

const readers = new Map<string, Database.Statement<[number, number], Buffer>>();

function readLeaves(path: string, start: number, count: number): Uint8Array[] {
  let stmt = readers.get(path);
  if (!stmt) {
    const db = new Database(path, { readonly: true, fileMustExist: true });
    stmt = db
      .prepare<[number, number], Buffer>(
        'select leaf from events where idx >= ? and idx < ? order by idx',
      )
      .pluck();
    readers.set(path, stmt);
  }
  return stmt.all(start, start + count);
}

function unpack(data: Uint8Array, ends: Uint32Array): Uint8Array[] {
  const out: Uint8Array[] = [];
  let from = 0;
  for (const to of ends) {
    out.push(data.subarray(from, to));
    from = to;
  }
  return out;
}

export default function checkChunk(task: LeafCheckTask): LeafCheckResult {
  try {
    const leaves = task.sqlitePath
      ? readLeaves(task.sqlitePath, task.start, task.count)
      : unpack(task.data!, task.ends!);
    // A missing row shifts the leaves after it: the first shifted one fails its position check,
    // as it would read in order on the main thread.
    const hashes = leaves.map((leaf, i) => checkLeaf(leaf, task.start + i));
    const levels = subtreeLevels(hashes);
    const out = new Uint8Array(levels.reduce((n, l) => n + l.length, 0) * 32);
    let at = 0;
    for (const level of levels) for (const h of level) out.set(h, at++ * 32);
    return { ok: true, count: hashes.length, levels: out };
  } catch (err) {
    if (err instanceof AuditLogError) {
      return { ok: false, code: err.code, message: err.message, index: err.index };
    }
    throw err;
  }
}
