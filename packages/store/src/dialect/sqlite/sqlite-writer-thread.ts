// Runs SQLite appends on a worker thread. better-sqlite3 is synchronous, so on the event loop a
// commit (inserts + the fsync of synchronous=FULL) stalls HTTP parsing, canonicalisation and
// hashing of the next batch; on its own thread the two overlap. Batches run in the order they are
// sent, so a caller may send batch N+1 before N has committed (AppendBatch positions chain).
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { AppendBatch } from '../../log-store.ts';
import { StoreError, type StoreErrorCode } from '../../store-error.ts';
import { packBatch } from './sqlite-batch-codec.ts';
import type { WriterReply } from './sqlite-writer-worker.ts';

const BOOT = new URL('./sqlite-writer-boot.cjs', import.meta.url);
const WORKER = new URL('./sqlite-writer-worker.ts', import.meta.url);

interface Waiter {
  resolve: () => void;
  reject: (err: unknown) => void;
}

export class SqliteWriterThread {
  private readonly worker: Worker;
  private readonly waiting = new Map<number, Waiter>();
  private seq = 0;
  private dead: StoreError | undefined;
  private lastSent: Promise<void> = Promise.resolve();
  private exited = false;

  constructor(path: string, busyTimeoutMs: number) {
    // The worker runs TypeScript like this thread: through tsx when this thread does.
    const inherited = process.execArgv.some((a) => a.includes('tsx'));
    this.worker = new Worker(BOOT, {
      workerData: { entry: fileURLToPath(WORKER), path, busyTimeoutMs },
      execArgv: inherited
        ? process.execArgv
        : [...process.execArgv, '--import', import.meta.resolve('tsx')],
    });
    this.worker.on('message', (r: WriterReply) => this.settle(r));
    this.worker.on('error', (err) => this.fail(`the SQLite writer thread failed: ${err.message}`));
    this.worker.on('exit', () => {
      this.exited = true;
      this.fail('the SQLite writer thread exited');
    });
    // An idle thread must not keep a process alive that is otherwise done; a pending batch must.
    this.worker.unref();
  }

  append(batch: AppendBatch): Promise<void> {
    if (this.dead) return Promise.reject(this.dead);
    const seq = ++this.seq;
    this.lastSent = new Promise((resolve, reject) => {
      if (this.waiting.size === 0) this.worker.ref();
      this.waiting.set(seq, { resolve, reject });
      const [packed, transfer] = packBatch(batch);
      this.worker.postMessage({ seq, batch: packed }, transfer);
    });
    return this.lastSent;
  }

  /** Lets every sent batch finish, then closes the thread's connection. */
  async close(): Promise<void> {
    const last = this.lastSent;
    this.dead ??= new StoreError('DATABASE_UNAVAILABLE', 'the store is closed');
    await last.catch(() => undefined);
    if (this.exited) return;
    const exited = new Promise((done) => this.worker.once('exit', done));
    this.worker.ref();
    this.worker.postMessage('close');
    await exited;
  }

  private settle(r: WriterReply): void {
    const w = this.waiting.get(r.seq);
    if (!w) return;
    this.waiting.delete(r.seq);
    if (this.waiting.size === 0) this.worker.unref();
    if (r.ok) w.resolve();
    else w.reject(new StoreError(r.code as StoreErrorCode, r.message));
  }

  private fail(message: string): void {
    this.dead ??= new StoreError('DATABASE_UNAVAILABLE', message);
    for (const w of this.waiting.values()) w.reject(this.dead);
    this.waiting.clear();
  }
}
