// The append hot path of an embedded log on a thread of its own. Run inline, each commit blocks
// the event loop for its inserts and its WAL fsync (synchronous=FULL), and every HTTP request
// waits behind it; on this thread the commit runs beside them. Batches are sent in order and a
// worker handles its messages in order, so pipelined batches commit in the order they were built.
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { AppendBatch } from '../../log-store.ts';
import type { AppendReply } from './sqlite-append-worker.ts';

const BOOT = new URL('./sqlite-append-worker-boot.cjs', import.meta.url);
const WORKER = new URL('./sqlite-append-worker.ts', import.meta.url);

export class SqliteAppendThread {
  readonly #worker: Worker;
  readonly #waiting: { resolve: () => void; reject: (e: Error) => void }[] = [];
  #failure: Error | undefined;

  constructor(path: string) {
    // The worker runs TypeScript like this thread: through tsx, unless the process already
    // loads it for every thread (node --import tsx).
    const inherited = process.execArgv.some((a) => a.includes('tsx'));
    this.#worker = new Worker(BOOT, {
      workerData: { path, entry: fileURLToPath(WORKER) },
      execArgv: inherited
        ? process.execArgv
        : [...process.execArgv, '--import', import.meta.resolve('tsx')],
    });
    this.#worker.on('message', (r: AppendReply) => {
      const w = this.#waiting.shift();
      if (this.#waiting.length === 0) this.#worker.unref();
      if (!w) return;
      if (r.ok) w.resolve();
      else w.reject(Object.assign(new Error(r.message), { code: r.code }));
    });
    this.#worker.on('error', (err) => this.#fail(err));
    this.#worker.on('exit', (code) => this.#fail(new Error(`the append thread exited (${code})`)));
    // Idle, it does not keep the process up by itself (like the detection thread); while a batch
    // is in flight it does, or a command awaiting its commit would exit with the await unsettled.
    this.#worker.unref();
  }

  append(batch: AppendBatch): Promise<void> {
    if (this.#failure) return Promise.reject(this.#failure);
    return new Promise((resolve, reject) => {
      if (this.#waiting.push({ resolve, reject }) === 1) this.#worker.ref();
      this.#worker.postMessage(batch);
    });
  }

  /** Ends the thread once the batches sent so far are settled. */
  async close(): Promise<void> {
    while (this.#waiting.length > 0) await new Promise((r) => setImmediate(r));
    await this.#worker.terminate();
  }

  #fail(err: Error): void {
    this.#failure ??= err;
    for (const w of this.#waiting.splice(0)) w.reject(err);
  }
}
