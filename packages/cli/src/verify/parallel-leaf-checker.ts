// Checks aligned chunks of leaves on worker threads: parsing, the RFC 8785 comparison, the leaf
// hashes and the chunk's subtree are independent per chunk and are nearly all of verification, so
// they spread over every core while the main thread folds one node per chunk into the tree, in
// order, and checks the signed checkpoints.
import { availableParallelism } from 'node:os';
import { AuditLogError, type AuditLogErrorCode } from '@keywatch/auditlog';
import { Piscina } from 'piscina';
import { workerEntry } from '../worker-bundle.ts';
import type { LeafCheckResult, LeafCheckTask } from './leaf-check-worker.ts';

const WORKER = new URL('./leaf-check-worker.ts', import.meta.url);

/** A checked chunk: its leaf count and its subtree levels (levels[0] = leaf hashes). */
export interface CheckedChunk {
  count: number;
  levels: Buffer[][];
}

export class ParallelLeafChecker {
  readonly #pool: Piscina<LeafCheckTask, LeafCheckResult>;
  readonly threads: number;

  private constructor(pool: Piscina<LeafCheckTask, LeafCheckResult>, threads: number) {
    this.#pool = pool;
    this.threads = threads;
  }

  static async open(threads = availableParallelism()): Promise<ParallelLeafChecker> {
    const n = Math.max(1, threads);
    const { filename, execArgv } = await workerEntry(WORKER);
    const pool = new Piscina<LeafCheckTask, LeafCheckResult>({
      filename,
      minThreads: n,
      maxThreads: n,
      execArgv,
    });
    return new ParallelLeafChecker(pool, n);
  }

  /** Leaves start … start+count−1, read by the worker from a SQLite file. */
  checkStored(start: number, count: number, sqlitePath: string): Promise<CheckedChunk> {
    return this.#run({ start, count, sqlitePath });
  }

  /** Leaves start, start+1, … given here. */
  check(start: number, leaves: readonly Uint8Array[]): Promise<CheckedChunk> {
    const ends = new Uint32Array(leaves.length);
    let total = 0;
    leaves.forEach((l, i) => (ends[i] = total += l.length));
    const data = Buffer.concat(leaves, total);
    return this.#run({ start, count: leaves.length, data, ends });
  }

  close(): Promise<void> {
    return this.#pool.destroy();
  }

  async #run(task: LeafCheckTask): Promise<CheckedChunk> {
    const r = await this.#pool.run(task);
    if (!r.ok) {
      throw new AuditLogError(r.code as AuditLogErrorCode, r.message, {
        ...(r.index !== undefined && { index: r.index }),
      });
    }
    const all = Buffer.from(r.levels.buffer, r.levels.byteOffset, r.levels.byteLength);
    const levels: Buffer[][] = [];
    let at = 0;
    for (let width = r.count; width >= 1 && (levels.length === 0 || width >= 1);) {
      const level = Array.from({ length: width }, (_, i) =>
        all.subarray((at + i) * 32, (at + i + 1) * 32),
      );
      levels.push(level);
      at += width;
      if (width < 2) break;
      width = Math.floor(width / 2);
    }
    return { count: r.count, levels };
  }
}
