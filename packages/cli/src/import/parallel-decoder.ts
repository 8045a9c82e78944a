// Decodes import chunks on worker threads. A vendor adapter costs more per record than the append
// that follows (bench/import.ts: the Vault decoder alone ran at about the import's own rate), so
// on the event loop it halved the import. Chunks hold whole records (record-chunks.ts), so each
// decodes alone; results are taken in chunk order by the caller.
import { availableParallelism } from 'node:os';
import { Piscina } from 'piscina';
import type { SourceKind } from '@keywatch/sources';
import type { decodeLines } from '@keywatch/server';
import type { DecodeTask } from './decode-worker.ts';

const WORKER = new URL('./decode-worker.ts', import.meta.url).href;

export class ParallelDecoder {
  readonly #pool: Piscina<DecodeTask, ReturnType<typeof decodeLines>>;

  constructor(
    private readonly kind: SourceKind,
    private readonly hmacKey: Uint8Array,
    threads = Math.max(1, availableParallelism() - 1),
  ) {
    // Workers run TypeScript like this thread: through tsx (see verify/parallel-leaf-checker.ts).
    const inherited = process.execArgv.some((a) => a.includes('tsx'));
    this.#pool = new Piscina({
      filename: WORKER,
      minThreads: threads,
      maxThreads: threads,
      execArgv: inherited
        ? process.execArgv
        : [...process.execArgv, '--import', import.meta.resolve('tsx')],
    });
  }

  decode(lines: string[]): Promise<ReturnType<typeof decodeLines>> {
    return this.#pool.run({ kind: this.kind, lines, hmacKey: this.hmacKey });
  }

  close(): Promise<void> {
    return this.#pool.destroy();
  }
}
