// One write transaction on either dialect. SQLite: BEGIN IMMEDIATE on Kysely's single connection,
// so the write lock is taken before the first read and a read-decide-write cannot interleave with
// another process (a deferred BEGIN would fail with SQLITE_BUSY on the upgrade instead of waiting);
// the dialect waits for the lock without sleeping the event loop (lock-waiting-dialect.ts).
// PostgreSQL: an ordinary transaction; callers lock what they read (FOR UPDATE, advisory locks).
import { sql, type Kysely } from 'kysely';
import type { DialectName } from '../schema.ts';
import type { AlertDatabase } from './alert-schema.ts';

export type Tx = Kysely<AlertDatabase>;

export async function inWriteTransaction<T>(
  db: Kysely<AlertDatabase>,
  dialect: DialectName,
  fn: (tx: Tx) => Promise<T>,
): Promise<T> {
  if (dialect === 'postgres') return db.transaction().execute(fn);
  return db.connection().execute(async (conn) => {
    await sql`begin immediate`.execute(conn);
    try {
      const result = await fn(conn);
      await sql`commit`.execute(conn);
      return result;
    } catch (err) {
      await sql`rollback`.execute(conn).catch(() => undefined); // already ended by a failed commit
      throw err;
    }
  });
}
