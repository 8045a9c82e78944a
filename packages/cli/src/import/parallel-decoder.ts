// Decodes import chunks on a worker thread while the main thread validates and appends the chunk
// before: a vendor adapter costs about as much per record as the durable append that follows, so
// on one thread the two halve each other. Chunks hold whole records (record-chunks.ts), so each
// decodes alone; the caller appends results in chunk order.
import { availableParallelism } from 'node:os';
import { Piscina } from 'piscina';
import type { NormalizedRecord, SourceKind } from '@keywatch/sources';
import type { DecodeTask } from './decode-worker.ts';

const WORKER = new URL('./decode-worker.ts', import.meta.url).href;

export class ParallelDecoder {
  readonly #pool: Piscina<DecodeTask, string>;

  constructor(
    private readonly kind: SourceKind,
    private readonly hmacKey: Uint8Array,
    threads = Math.max(1, availableParallelism() - 1),
  ) {
    // Workers run TypeScript like this thread: through tsx (as verify/parallel-leaf-checker.ts).
    const tsx = import.meta.resolve('tsx');
    const inherited = process.execArgv.some((a) => a.includes('tsx'));
    this.#pool = new Piscina({
      filename: WORKER,
      minThreads: threads,
      maxThreads: threads,
      execArgv: inherited ? process.execArgv : [...process.execArgv, '--import', tsx],
    });
  }

  /** The chunk's records, exactly as decodeLines gives them (JSON values round-trip unchanged). */
  async decode(lines: string[]): Promise<NormalizedRecord[]> {
    const text = await this.#pool.run({ kind: this.kind, lines, hmacKey: this.hmacKey });
    return JSON.parse(text) as NormalizedRecord[];
  }

  close(): Promise<void> {
    return this.#pool.destroy();
  }
}
