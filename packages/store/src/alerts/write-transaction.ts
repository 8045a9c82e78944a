// One write transaction on either dialect. SQLite: BEGIN IMMEDIATE on Kysely's single connection,
// so the write lock is taken before the first read and a read-decide-write cannot interleave with
// another process (a deferred BEGIN would fail with SQLITE_BUSY on the upgrade instead of waiting).
// PostgreSQL: an ordinary transaction; callers lock what they read (FOR UPDATE, advisory locks).
import { setTimeout as sleep } from 'node:timers/promises';
import { sql, type Kysely } from 'kysely';
import { SQLITE_BUSY_TIMEOUT_MS } from '../dialect/sqlite/sqlite-errors.ts';
import type { DialectName } from '../schema.ts';
import { StoreError } from '../store-error.ts';
import type { AlertDatabase } from './alert-schema.ts';

export type Tx = Kysely<AlertDatabase>;

/** SQLite's BEGIN IMMEDIATE without waiting: false when another connection holds the lock. */
export type TryBeginImmediate = () => boolean;

const BUSY = Symbol('busy');

export async function inWriteTransaction<T>(
  db: Kysely<AlertDatabase>,
  dialect: DialectName,
  fn: (tx: Tx) => Promise<T>,
  tryBegin?: TryBeginImmediate,
): Promise<T> {
  if (dialect === 'postgres') return db.transaction().execute(fn);
  // The log's commit thread holds the write lock for most of each group commit. Waiting for it in
  // SQLite's busy handler would sleep the event loop (measured under full ingest: up to 9 ms per
  // alert group, every request stalled meanwhile), so the lock is tried without waiting and the
  // wait happens here, with the connection released for other queries in between.
  const deadline = performance.now() + SQLITE_BUSY_TIMEOUT_MS;
  for (let pause = 1; ; pause = Math.min(pause * 2, 16)) {
    const result = await db.connection().execute(async (conn) => {
      if (tryBegin === undefined) await sql`begin immediate`.execute(conn);
      else if (!tryBegin()) return BUSY;
      try {
        const value = await fn(conn);
        await sql`commit`.execute(conn);
        return { value };
      } catch (err) {
        await sql`rollback`.execute(conn).catch(() => undefined); // already ended by a failed commit
        throw err;
      }
    });
    if (result !== BUSY) return result.value;
    if (performance.now() >= deadline) {
      throw new StoreError(
        'DATABASE_UNAVAILABLE',
        `SQLite: another connection held the write lock for ${SQLITE_BUSY_TIMEOUT_MS / 1000} s`,
      );
    }
    await sleep(pause);
  }
}
