// Checkpoints the WAL mostly on a thread of its own. With SQLite's automatic checkpoint (every
// 1000 pages) the writer copies its WAL frames into the database file and fsyncs it inside a
// commit, on the event loop: during a 300,000-line Vault import that was about a fifth of the main
// thread (bench/import.ts: 40.5 → 31.4 µs per line with no checkpoint at all). Here a thread asks
// for a PASSIVE checkpoint after every 2 MB committed (and each second), which never blocks the
// writer. The writer keeps an automatic checkpoint of its own, at 8 MiB of WAL: the WAL restarts
// from its start only when a writer begins on a fully copied WAL, and a writer that never waits
// for the thread would rarely see one, so the WAL would grow without end. When the writer's own
// checkpoint runs, the thread has already copied most frames: it copies the rest and syncs. If the
// thread fails, the writer's checkpoint does all of it, as before. Durability does not depend on
// checkpoints: a commit is durable once its WAL frames are synced.
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import type Database from 'better-sqlite3';

const WORKER = new URL('./sqlite-checkpoint-worker.cjs', import.meta.url);
/** Bytes committed between two requests to the thread. */
const REQUEST_EVERY_BYTES = 2 << 20;
/** Other writes (alerts, tokens, file states, metrics) do not report their bytes: a request at least this often. */
const REQUEST_EVERY_MS = 1000;
/** The writer's own automatic checkpoint, in WAL frames (4 KiB pages): 8 MiB. */
export const WRITER_AUTOCHECKPOINT = 2048;

export class SqliteCheckpointer {
  private readonly worker: Worker;
  private readonly timer: NodeJS.Timeout;
  private pendingBytes = 0;
  private busy = false;
  private stopped = false;
  private closing: Promise<void> | undefined;

  /** `sqlite` is the writer connection: its automatic checkpoint moves to WRITER_AUTOCHECKPOINT. */
  constructor(sqlite: Database.Database, path: string, busyTimeoutMs: number) {
    sqlite.pragma(`wal_autocheckpoint = ${WRITER_AUTOCHECKPOINT}`);
    this.worker = new Worker(WORKER, {
      workerData: {
        path,
        busyTimeoutMs,
        betterSqlite3: createRequire(import.meta.url).resolve('better-sqlite3'),
      },
      // Not the parent's flags: the thread runs plain CommonJS and needs no tsx.
      execArgv: [],
    });
    this.worker.on('message', () => (this.busy = false));
    // The writer's own checkpoint covers everything without the thread.
    this.worker.on('error', () => this.halt());
    this.worker.on('exit', () => this.halt());
    this.worker.unref();
    this.timer = setInterval(() => this.request(), REQUEST_EVERY_MS).unref();
  }

  /** Called after each commit with about the bytes it wrote. */
  committed(bytes: number): void {
    this.pendingBytes += bytes;
    if (this.pendingBytes >= REQUEST_EVERY_BYTES) this.request();
  }

  close(): Promise<void> {
    this.closing ??= this.stop();
    return this.closing;
  }

  private request(): void {
    if (this.busy || this.stopped) return;
    this.busy = true;
    this.pendingBytes = 0;
    this.worker.postMessage('checkpoint');
  }

  private async stop(): Promise<void> {
    if (this.stopped) return;
    this.halt();
    const exited = new Promise<void>((done) => this.worker.once('exit', () => done()));
    this.worker.ref();
    this.worker.postMessage('close');
    await exited;
  }

  private halt(): void {
    this.stopped = true;
    clearInterval(this.timer);
  }
}
