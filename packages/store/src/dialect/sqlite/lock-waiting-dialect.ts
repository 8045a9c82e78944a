// Kysely's SQLite dialect on the event loop's connection, with one change: a write waits for
// SQLite's write lock without sleeping the event loop. The log's commit thread holds that lock for
// most of each group commit; waiting for it in SQLite's busy handler (a synchronous sleep inside
// better-sqlite3) stalled every request meanwhile: measured under full ingest, alert groups alone
// waited up to 9 ms each. So a transaction's BEGIN, and each write outside one (in a transaction
// of its own), first take the
// lock with one synchronous try (busy_timeout 0, BEGIN IMMEDIATE, busy_timeout back) and, while
// another connection holds it, try again after a pause (1 ms doubling to 16), up to the same
// busy_timeout as before. Reads never wait in WAL mode and run as Kysely runs them.
import { setTimeout as sleep } from 'node:timers/promises';
import type Database from 'better-sqlite3';
import {
  SelectQueryNode,
  SqliteDialect,
  SqliteDriver,
  type CompiledQuery,
  type DatabaseConnection,
  type Driver,
  type QueryResult,
} from 'kysely';
import { SQLITE_BUSY_TIMEOUT_MS } from './sqlite-errors.ts';

/** A transaction's start (Kysely's own `begin`, or a caller's `begin immediate`). */
const BEGIN = /^\s*begin\b/i;

export class LockWaitingSqliteDialect extends SqliteDialect {
  constructor(private readonly sqlite: Database.Database) {
    super({ database: sqlite });
  }

  override createDriver(): Driver {
    return new LockWaitingDriver(this.sqlite);
  }
}

class LockWaitingDriver extends SqliteDriver {
  readonly #connection: LockWaitingConnection;

  constructor(sqlite: Database.Database) {
    super({ database: sqlite });
    this.#connection = new LockWaitingConnection(sqlite);
  }

  /** Kysely's mutex over the one connection, then this connection instead of its own. */
  override async acquireConnection(): Promise<DatabaseConnection> {
    await super.acquireConnection();
    return this.#connection;
  }
}

class LockWaitingConnection implements DatabaseConnection {
  constructor(private readonly db: Database.Database) {}

  async executeQuery<R>(query: CompiledQuery): Promise<QueryResult<R>> {
    const stmt = this.db.prepare(query.sql);
    if (this.db.inTransaction) return run(stmt, query.parameters);
    if (BEGIN.test(query.sql)) {
      await this.takeWriteLock(); // BEGIN IMMEDIATE: a deferred BEGIN could not wait on upgrade
      return { rows: [] };
    }
    // sqlite3_stmt_readonly: selects, pragmas, COMMIT (INSERT … RETURNING is a reader that writes).
    if (stmt.readonly) return run(stmt, query.parameters);
    await this.takeWriteLock(); // a write outside a transaction: in one of its own
    try {
      const result = run<R>(stmt, query.parameters);
      this.db.exec('commit');
      return result;
    } finally {
      if (this.db.inTransaction) this.db.exec('rollback');
    }
  }

  async *streamQuery<R>(query: CompiledQuery): AsyncIterableIterator<QueryResult<R>> {
    if (!SelectQueryNode.is(query.query)) throw new Error('only selects stream on SQLite');
    for (const row of this.db.prepare(query.sql).iterate(query.parameters))
      yield { rows: [row as R] };
  }

  private async takeWriteLock(): Promise<void> {
    const deadline = performance.now() + SQLITE_BUSY_TIMEOUT_MS;
    for (let pause = 1; !this.tryBeginImmediate(performance.now() >= deadline);) {
      await sleep(pause);
      pause = Math.min(pause * 2, 16);
    }
  }

  /** BEGIN IMMEDIATE in one synchronous call; false while another connection holds the lock. */
  private tryBeginImmediate(lastTry: boolean): boolean {
    this.db.pragma('busy_timeout = 0');
    try {
      this.db.exec('begin immediate');
      return true;
    } catch (err) {
      // The last try's SQLITE_BUSY is thrown: DATABASE_UNAVAILABLE, as busy_timeout running out.
      if (!lastTry && (err as { code?: unknown }).code === 'SQLITE_BUSY') return false;
      throw err;
    } finally {
      this.db.pragma(`busy_timeout = ${SQLITE_BUSY_TIMEOUT_MS}`);
    }
  }
}

/** What Kysely's own SQLite connection returns for a statement. */
function run<R>(stmt: Database.Statement, parameters: readonly unknown[]): QueryResult<R> {
  if (stmt.reader) return { rows: stmt.all(...parameters) as R[] };
  const { changes, lastInsertRowid } = stmt.run(...parameters);
  return { numAffectedRows: BigInt(changes), insertId: BigInt(lastInsertRowid), rows: [] };
}
