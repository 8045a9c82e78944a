// People who sign in to the web view and their sessions (user-store.ts), on both dialects with the
// conventions of 0001-initial: bigint on PG, "C" collation for looked-up text keys, IF NOT EXISTS
// everywhere so that a re-run after a crash on SQLite finishes the job.
import type { Kysely, Migration } from 'kysely';
import type { DialectName } from '../schema.ts';
import { columnConventions } from './migration-columns.ts';

export function usersMigration(dialect: DialectName): Migration {
  const { int64, notNull, key } = columnConventions(dialect);

  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema
        .createTable('users')
        .ifNotExists()
        .addColumn('username', 'text', (c) => key(c.primaryKey()))
        .addColumn('password_hash', 'text', notNull)
        .addColumn('role', 'text', notNull)
        .addColumn('disabled', 'integer', notNull)
        .addColumn('totp_secret', 'text')
        .addColumn('failed_count', 'integer', notNull)
        .addColumn('locked_until_ms', int64)
        .addColumn('created_ms', int64, notNull)
        .addColumn('updated_ms', int64, notNull)
        .execute();
      await db.schema
        .createTable('sessions')
        .ifNotExists()
        .addColumn('id', 'text', (c) => key(c.primaryKey()))
        .addColumn('username', 'text', (c) => key(c.notNull()))
        .addColumn('created_ms', int64, notNull)
        .addColumn('last_seen_ms', int64, notNull)
        .addColumn('expires_ms', int64, notNull)
        .addColumn('revoked_ms', int64)
        .addColumn('csrf_token', 'text', notNull)
        .execute();
      // Admin's list of live sessions and "revoke all of this user's".
      await db.schema
        .createIndex('sessions_user')
        .ifNotExists()
        .on('sessions')
        .columns(['username', 'created_ms'])
        .execute();
    },
  };
}
