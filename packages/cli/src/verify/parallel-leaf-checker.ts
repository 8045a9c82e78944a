// Checks leaves on worker threads: parsing, the RFC 8785 comparison and the leaf hash are
// independent per leaf and are ~80 % of verification, so they spread over every core while the
// main thread reads the source and folds the hashes into the tree in order.
import { availableParallelism } from 'node:os';
import { AuditLogError, type AuditLogErrorCode } from '@keywatch/auditlog';
import { Piscina } from 'piscina';
import type { LeafCheckResult, LeafCheckTask } from './leaf-check-worker.ts';

const WORKER = new URL('./leaf-check-worker.ts', import.meta.url).href;

export class ParallelLeafChecker {
  readonly #pool: Piscina<LeafCheckTask, LeafCheckResult>;
  readonly threads: number;

  constructor(threads = availableParallelism()) {
    this.threads = Math.max(1, threads);
    // Workers run TypeScript like the main thread: through tsx, resolved from here so that the
    // command works from any directory.
    const tsx = import.meta.resolve('tsx');
    const inherited = process.execArgv.some((a) => a.includes('tsx'));
    this.#pool = new Piscina({
      filename: WORKER,
      minThreads: this.threads,
      maxThreads: this.threads,
      execArgv: inherited ? process.execArgv : [...process.execArgv, '--import', tsx],
    });
  }

  /** Leaf hashes of leaves start, start+1, …; throws the worker's AuditLogError. */
  async check(start: number, leaves: readonly Uint8Array[]): Promise<Buffer[]> {
    const ends = new Uint32Array(leaves.length);
    let total = 0;
    leaves.forEach((l, i) => (ends[i] = total += l.length));
    const data = Buffer.concat(leaves, total);
    const r = await this.#pool.run({ start, data, ends });
    if (!r.ok) {
      throw new AuditLogError(r.code as AuditLogErrorCode, r.message, {
        ...(r.index !== undefined && { index: r.index }),
      });
    }
    const hashes = Buffer.from(r.hashes.buffer, r.hashes.byteOffset, r.hashes.byteLength);
    return Array.from({ length: leaves.length }, (_, i) => hashes.subarray(i * 32, i * 32 + 32));
  }

  close(): Promise<void> {
    return this.#pool.destroy();
  }
}
