// The embedded dialect: a better-sqlite3 connection on the event loop for Kysely (queries and the
// other tables' writes), and the log's appends committed on a thread with a connection of its own
// (sqlite-commit-thread.ts). WAL lets readers (keywatch verify, the query API) run beside the
// writer; synchronous=FULL makes every commit fsync the WAL, so a resolved appendBatch survives
// power loss, not just a crash.
import Database from 'better-sqlite3';
import { Kysely } from 'kysely';
import { appendConflict, checkBatchPosition, checkBatchShape } from '../../append-batch.ts';
import { KyselyLogStore } from '../../kysely-log-store.ts';
import { migrateToLatest } from '../../migrations/index.ts';
import type { AppendBatch, LogStore } from '../../log-store.ts';
import type { Database as Schema } from '../../schema.ts';
import { StoreError } from '../../store-error.ts';
import { idLookup } from '../../text-codec.ts';
import {
  inlineAppender,
  packBatch,
  type AppendCounts,
  type AppendFn,
  type PackedBatch,
} from './sqlite-append.ts';
import { LockWaitingSqliteDialect } from './lock-waiting-dialect.ts';
import { SqliteCheckpointer, WRITER_AUTOCHECKPOINT } from './sqlite-checkpointer.ts';
import { SqliteCommitThread } from './sqlite-commit-thread.ts';
import { isConstraintError, mapSqliteError, SQLITE_BUSY_TIMEOUT_MS } from './sqlite-errors.ts';
import { SqliteWriterLock } from './sqlite-writer-lock.ts';

const SURROGATE = /[\uD800-\uDFFF]/;

/** Batches up to this size may commit on the event loop (commitsInline). */
const INLINE_MAX_EVENTS = 16;

export async function openSqliteStore(opts: { path: string }): Promise<LogStore> {
  let sqlite: Database.Database;
  try {
    sqlite = new Database(opts.path);
  } catch (err) {
    throw new StoreError(
      'DATABASE_UNAVAILABLE',
      `cannot open SQLite database ${opts.path}: ${(err as Error).message}`,
      { cause: err },
    );
  }
  try {
    // busy_timeout first: switching to WAL needs a lock that another process may hold briefly.
    sqlite.pragma(`busy_timeout = ${SQLITE_BUSY_TIMEOUT_MS}`);
    const mode = sqlite.pragma('journal_mode = WAL', { simple: true });
    if (mode !== 'wal') throw new Error(`journal_mode is ${String(mode)}, not wal`);
    sqlite.pragma('synchronous = FULL');
    sqlite.pragma('foreign_keys = ON');
  } catch (err) {
    sqlite.close();
    throw mapSqliteError(err, `cannot configure SQLite database ${opts.path}`);
  }
  const db = new Kysely<Schema>({ dialect: new LockWaitingSqliteDialect(sqlite) });
  return Promise.resolve(
    new SqliteLogStore(sqlite, db, new SqliteWriterLock(`${opts.path}.lock`), opts.path),
  );
}

class SqliteLogStore extends KyselyLogStore {
  readonly dialect = 'sqlite';
  /** Batches commit on their own thread (small ones may not): the sequencer may send the next one meanwhile. */
  override readonly pipelinedAppends = true;
  /** Started by the first append: only a writer commits. */
  private committer: SqliteCommitThread | undefined;
  private closed = false;
  /** The append on the event loop's own connection (commitsInline). */
  private inline: AppendFn | undefined;
  private findIds: Database.Statement<[string], { id: string; idx: number }> | undefined;
  /** Started by the first append: only a writer checkpoints. */
  private checkpointer: SqliteCheckpointer | undefined;

  constructor(
    private readonly sqlite: Database.Database,
    db: Kysely<Schema>,
    private readonly lock: SqliteWriterLock,
    private readonly path: string,
  ) {
    super(db);
  }

  protected mapError(err: unknown): unknown {
    return mapSqliteError(err);
  }

  override migrate(): Promise<void> {
    // Kysely runs SQLite migrations outside a transaction; one BEGIN IMMEDIATE around them makes
    // them atomic and keeps two processes from migrating the same file at once.
    return this.run(async () => {
      this.sqlite.exec('begin immediate');
      try {
        await migrateToLatest(this.db, this.dialect);
        this.sqlite.exec('commit');
      } finally {
        if (this.sqlite.inTransaction) this.sqlite.exec('rollback');
      }
    });
  }

  async appendBatch(batch: AppendBatch): Promise<void> {
    this.requireOpen();
    checkBatchShape(batch);
    if (!this.lock.stillHeld()) throw lockLost(this.lock.path);
    const packed = packBatch(batch);
    let found: AppendCounts | undefined;
    try {
      found = this.commitsInline(packed)
        ? this.appendInline(packed)
        : await this.commitThread().append(packed);
    } catch (err) {
      throw isConstraintError(err) ? appendConflict(err) : this.mapError(err);
    }
    if (found !== undefined) checkBatchPosition(batch, found.size, found.hashes);
    this.reportCommitted(batch);
  }

  /**
   * A small batch (an access record, an alert) commits on the event loop's connection when the
   * thread has nothing outstanding, so it cannot overtake an earlier batch: through the thread a
   * lone record took 0.37–0.40 ms at the median and 1.1–1.2 ms at p99 on these VMs, inline 0.25
   * and 0.5–0.6. Never inside a transaction Kysely holds open.
   */
  private commitsInline(packed: PackedBatch): boolean {
    return (
      packed.count <= INLINE_MAX_EVENTS &&
      (this.committer?.idle ?? true) &&
      !this.sqlite.inTransaction
    );
  }

  /** Synchronous: done before appendBatch's caller can send the next batch. */
  private appendInline(packed: PackedBatch): AppendCounts | undefined {
    this.inline ??= inlineAppender(this.sqlite);
    return this.inline(packed);
  }

  /** After close, no append may start a thread (or use a connection) again. */
  private requireOpen(): void {
    if (this.closed) {
      throw new StoreError('DATABASE_UNAVAILABLE', `SQLite ${this.path}: the store is closed`);
    }
  }

  private commitThread(): SqliteCommitThread {
    this.requireOpen();
    this.committer ??= new SqliteCommitThread(
      this.path,
      SQLITE_BUSY_TIMEOUT_MS,
      WRITER_AUTOCHECKPOINT,
    );
    return this.committer;
  }

  /** Tells the checkpoint thread about what a commit wrote (started by the first one). */
  private reportCommitted(batch: AppendBatch): void {
    this.checkpointer ??= new SqliteCheckpointer(this.sqlite, this.path, SQLITE_BUSY_TIMEOUT_MS);
    let bytes = batch.hashes.values.length * 40;
    for (const e of batch.events) bytes += e.leaf.length + 100;
    this.checkpointer.committed(bytes);
  }

  override findIndexesByIds(ids: readonly string[]): Promise<Map<string, number>> {
    // On the ingest path for every batch (the sequencer's duplicate check): one cached statement
    // with the ids as a JSON array costs half of a Kysely IN list compiled per call. Ids with
    // surrogates take the general path: JSON and bound text may not map a lone one alike.
    if (ids.some((id) => SURROGATE.test(id))) return super.findIndexesByIds(ids);
    return this.run(() =>
      this.db.connection().execute(
        () =>
          new Promise<Map<string, number>>((resolve) => {
            const lookup = idLookup(ids);
            this.findIds ??= this.sqlite.prepare<[string], { id: string; idx: number }>(
              'select id, idx from events where id in (select value from json_each(?))',
            );
            resolve(lookup.answer(this.findIds.iterate(JSON.stringify(lookup.stored))));
          }),
      ),
    );
  }

  /** The settings of both connections that commit the log: the event loop's and the thread's. */
  async durabilitySettings(): Promise<Record<string, unknown>> {
    const thread = await this.commitThread().settings();
    return this.run(() =>
      this.db.connection().execute(() =>
        Promise.resolve({
          journal_mode: this.sqlite.pragma('journal_mode', { simple: true }),
          synchronous: this.sqlite.pragma('synchronous', { simple: true }),
          thread_journal_mode: thread['journal_mode'],
          thread_synchronous: thread['synchronous'],
        }),
      ),
    );
  }

  tryAcquireWriterLock(): Promise<boolean> {
    return Promise.resolve(this.lock.tryAcquire());
  }

  async close(): Promise<void> {
    this.closed = true;
    await this.committer?.close();
    await this.checkpointer?.close();
    this.lock.release();
    await this.db.destroy(); // closes the better-sqlite3 handle
  }
}

function lockLost(path: string): StoreError {
  return new StoreError(
    'WRITER_LOCKED',
    `another process took the writer lock ${path}; this writer must stop`,
  );
}
