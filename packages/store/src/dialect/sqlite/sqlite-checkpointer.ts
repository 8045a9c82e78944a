// Checkpoints the WAL on a thread of its own. With SQLite's automatic checkpoint the writer copies
// its WAL frames into the database file and fsyncs it inside a commit, on the event loop: during a
// 300,000-line Vault import that was about a fifth of the main thread (bench/import.ts: 40.5 →
// 31.4 µs per line without it). Here the writer connection turns the automatic checkpoint off and
// asks this thread for a PASSIVE checkpoint after every few MB committed. PASSIVE never blocks the
// writer; once it has caught up, the writer's next transaction restarts the WAL from its start, so
// the file stays small. Durability does not depend on checkpoints: a commit is durable once its WAL
// frames are synced. If the thread fails, or falls far behind, the writer checkpoints itself again.
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import type Database from 'better-sqlite3';

const WORKER = new URL('./sqlite-checkpoint-worker.cjs', import.meta.url);
/** Bytes committed between two checkpoint requests: about SQLite's default of 1000 pages. */
const REQUEST_EVERY_BYTES = 4 << 20;
/** WAL frames (4 KiB pages, 32 MiB) beyond which the writer checkpoints inline again, as SQLite would: a writer faster than the thread keeps a PASSIVE checkpoint from ever completing, and the WAL restarts only after a complete one. */
const MAX_WAL_FRAMES = 8192;
const SQLITE_DEFAULT_AUTOCHECKPOINT = 1000;
/** Other writes (alerts, tokens, file states, metrics) do not report their bytes: a request at least this often. */
const REQUEST_EVERY_MS = 1000;

interface Reply {
  ok: boolean;
  log?: number;
  checkpointed?: number;
  message?: string;
}

export class SqliteCheckpointer {
  private readonly worker: Worker;
  private pendingBytes = 0;
  private busy = false;
  private failed = false;
  private closing: Promise<void> | undefined;
  private readonly timer: NodeJS.Timeout;

  /** Turns the writer's automatic checkpoint off; `sqlite` must be the writer connection. */
  constructor(
    private readonly sqlite: Database.Database,
    path: string,
    busyTimeoutMs: number,
  ) {
    this.worker = new Worker(WORKER, {
      workerData: {
        path,
        busyTimeoutMs,
        betterSqlite3: createRequire(import.meta.url).resolve('better-sqlite3'),
      },
      // Not the parent's flags: the thread runs plain CommonJS and needs no tsx.
      execArgv: [],
    });
    this.worker.on('message', (r: Reply) => this.settle(r));
    this.worker.on('error', () => this.fallBack());
    this.worker.on('exit', () => this.fallBack());
    this.worker.unref();
    this.timer = setInterval(() => this.request(), REQUEST_EVERY_MS).unref();
    sqlite.pragma('wal_autocheckpoint = 0');
  }

  /** Called after each commit with about the bytes it wrote. */
  committed(bytes: number): void {
    if (this.failed) return;
    this.pendingBytes += bytes;
    if (this.pendingBytes >= REQUEST_EVERY_BYTES) this.request();
  }

  private request(): void {
    if (this.busy || this.failed) return;
    this.busy = true;
    this.pendingBytes = 0;
    this.worker.postMessage('checkpoint');
  }

  close(): Promise<void> {
    this.closing ??= this.stop();
    return this.closing;
  }

  private async stop(): Promise<void> {
    clearInterval(this.timer);
    if (this.failed) return;
    this.failed = true; // from here on, an exit is expected
    const exited = new Promise<void>((done) => this.worker.once('exit', () => done()));
    this.worker.ref();
    this.worker.postMessage('close');
    await exited;
  }

  private settle(r: Reply): void {
    this.busy = false;
    if (!r.ok) return this.fallBack();
    // Readers that hold old snapshots can keep a PASSIVE checkpoint from catching up; past the
    // bound the writer checkpoints inline (and syncs) after its next commit, as SQLite does.
    if ((r.log ?? 0) > MAX_WAL_FRAMES)
      this.sqlite.pragma(`wal_autocheckpoint = ${SQLITE_DEFAULT_AUTOCHECKPOINT}`);
    else if (!this.failed) this.sqlite.pragma('wal_autocheckpoint = 0');
  }

  private fallBack(): void {
    clearInterval(this.timer);
    if (this.failed) return;
    this.failed = true;
    this.busy = false;
    try {
      this.sqlite.pragma(`wal_autocheckpoint = ${SQLITE_DEFAULT_AUTOCHECKPOINT}`);
    } catch {
      // the writer connection is already closed: nothing left to checkpoint from here
    }
  }
}
