// Commits the log's batches on a thread of its own (sqlite-commit-worker.cjs), with its own
// connection: the inserts, the COMMIT and its fsync leave the event loop, which meanwhile
// prepares the next batch (the sequencer keeps two in flight when pipelinedAppends is set).
// A batch crosses as a packed batch (sqlite-append.ts): a few typed arrays and strings, not an
// object per event. Batches run in the order they were sent; each answer comes once durable.
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import { StoreError } from '../../store-error.ts';
import { packedBuffers, type AppendCounts, type PackedBatch } from './sqlite-append.ts';

const WORKER = new URL('./sqlite-commit-worker.cjs', import.meta.url);

type Answer =
  | { id: number; conflict: AppendCounts | undefined }
  | { id: number; settings: Record<string, unknown> }
  | { id: number; error: { message: string; code?: string } };

/** A failure inside the thread, with the SQLite code it carried (mapSqliteError reads it). */
export class CommitThreadError extends Error {
  constructor(
    message: string,
    readonly code: string | undefined,
  ) {
    super(message);
  }
}

export class SqliteCommitThread {
  private readonly worker: Worker;
  private readonly pending = new Map<
    number,
    { resolve: (value: unknown) => void; reject: (e: Error) => void }
  >();
  private next = 0;
  private dead: Error | undefined;
  private closing: Promise<void> | undefined;

  constructor(path: string, busyTimeoutMs: number, autocheckpoint: number) {
    this.worker = new Worker(WORKER, {
      workerData: {
        path,
        busyTimeoutMs,
        autocheckpoint,
        betterSqlite3: createRequire(import.meta.url).resolve('better-sqlite3'),
      },
      // Not the parent's flags: the thread runs plain CommonJS and needs no tsx.
      execArgv: [],
    });
    this.worker.on('message', (a: Answer) => this.answer(a));
    this.worker.on('error', (err) => this.fail(err));
    this.worker.on('exit', () => this.fail(new Error('the commit thread exited')));
    this.worker.unref();
  }

  /** True when no batch (nor any other request) is out and the thread is alive. */
  get idle(): boolean {
    return this.pending.size === 0 && this.dead === undefined;
  }

  /** Resolves once durable (undefined), or with the counts when the batch was out of place. */
  append(batch: PackedBatch): Promise<AppendCounts | undefined> {
    // The batch's own buffers move to the thread instead of being copied: a copy of a 400-event
    // batch took 0.4 ms of the event loop (up to 7), about 5% of it under full ingest.
    return this.ask({ batch }, packedBuffers(batch)) as Promise<AppendCounts | undefined>;
  }

  /** The thread's connection's journal mode and synchronous setting (what makes a commit durable). */
  settings(): Promise<Record<string, unknown>> {
    return this.ask({ op: 'settings' }) as Promise<Record<string, unknown>>;
  }

  private ask(request: object, transfer: ArrayBuffer[] = []): Promise<unknown> {
    if (this.dead) return Promise.reject(unavailable(this.dead));
    const id = this.next++;
    const answer = new Promise((resolve, reject) => this.pending.set(id, { resolve, reject }));
    // Held while a request is out: a process must not exit before its commit is answered.
    if (this.pending.size === 1) this.worker.ref();
    this.worker.postMessage({ id, ...request }, transfer);
    return answer;
  }

  /** Waits for every batch sent, then closes the thread's connection. */
  close(): Promise<void> {
    this.closing ??= this.stop();
    return this.closing;
  }

  private async stop(): Promise<void> {
    if (this.dead) return;
    const exited = new Promise<void>((done) => this.worker.once('exit', () => done()));
    this.worker.ref();
    this.worker.postMessage('close'); // after every batch already sent
    await exited;
  }

  private answer(a: Answer): void {
    const p = this.pending.get(a.id);
    if (!p) return;
    this.pending.delete(a.id);
    if (this.pending.size === 0 && !this.closing) this.worker.unref();
    if ('error' in a) p.reject(new CommitThreadError(a.error.message, a.error.code));
    else p.resolve('settings' in a ? a.settings : a.conflict);
  }

  private fail(err: Error): void {
    this.dead ??= err;
    for (const p of this.pending.values()) p.reject(unavailable(err));
    this.pending.clear();
  }
}

function unavailable(err: Error): StoreError {
  return new StoreError('DATABASE_UNAVAILABLE', `the SQLite commit thread failed: ${err.message}`, {
    cause: err,
  });
}
