// Hashes files: small ones inline on the calling thread (a worker round trip costs more than
// hashing 128 KiB), big ones on worker threads so the walk and the hashing overlap. While every
// worker is busy and has a task waiting, the calling thread hashes the next big file itself
// rather than sit idle (up to SHARE_MAX_BYTES, so the event loop never stalls for long).
import { Piscina } from 'piscina';
import { hashFileSync, type HashResult, type HashTask } from './hash-worker.ts';

// From source the worker is TypeScript, loaded through tsx; the bundled agent
// (scripts/build-agent.ts) has hash-worker.mjs beside it, plain JavaScript.
const BUNDLED = !import.meta.url.endsWith('.ts');
const WORKER = new URL(BUNDLED ? './hash-worker.mjs' : './hash-worker.ts', import.meta.url).href;
export const INLINE_MAX_BYTES = 128 * 1024;
const SHARE_MAX_BYTES = 8 * 1024 * 1024;
const YIELD_EVERY_BYTES = 1024 * 1024;

export class FileHasher {
  readonly #pool: Piscina<HashTask, HashResult> | undefined;
  readonly #inline = Buffer.allocUnsafe(1024 * 1024);
  #inFlight = 0;
  #inlineSinceYield = 0;

  constructor(workers: number) {
    if (workers <= 0) return;
    // Workers run TypeScript like the main thread: through tsx, resolved from here. Only that
    // flag is passed: some of the main thread's (--expose-gc, --test-*) are refused in workers.
    this.#pool = new Piscina({
      filename: WORKER,
      minThreads: 0, // an idle agent keeps no hash thread (RSS); one starts with the next big file
      maxThreads: workers,
      idleTimeout: 5000,
      // Several tasks handed to a worker at once: it starts the next file without waiting for
      // the main thread to see the previous result (measured: 16k vs 13k files/s, bench/fim).
      concurrentTasksPerWorker: 4,
      execArgv: BUNDLED ? [] : ['--import', import.meta.resolve('tsx')],
    });
  }

  /** Tasks waiting for a worker; callers stop feeding above a bound to keep memory flat. */
  get backlog(): number {
    return this.#pool?.queueSize ?? 0;
  }

  /**
   * True when the caller should let the event loop turn: a worker's finished task (and the next
   * one for it) is a message the main thread only handles between macrotasks, so a walk that
   * keeps hashing inline would leave the worker idle.
   */
  get wantsYield(): boolean {
    if (this.#inFlight === 0 || this.#inlineSinceYield < YIELD_EVERY_BYTES) return false;
    this.#inlineSinceYield = 0;
    return true;
  }

  async hash(path: string, size: number): Promise<HashResult> {
    const pool = this.#pool;
    const busy = pool !== undefined && pool.queueSize >= 2 && size <= SHARE_MAX_BYTES;
    if (pool === undefined || size <= INLINE_MAX_BYTES || busy) {
      this.#inlineSinceYield += size;
      try {
        return { ok: true, ...hashFileSync(path, this.#inline) };
      } catch (e) {
        return { ok: false, error: (e as NodeJS.ErrnoException).code ?? String(e) };
      }
    }
    this.#inFlight++;
    try {
      return await pool.run({ path });
    } finally {
      this.#inFlight--;
    }
  }

  async close(): Promise<void> {
    await this.#pool?.destroy();
  }
}
