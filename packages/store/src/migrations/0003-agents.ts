// Enrolled agents and their policies (agent-store.ts), on both dialects with the conventions of
// 0001-initial: bigint on PG, "C" collation for looked-up text keys, IF NOT EXISTS everywhere so
// that a re-run after a crash on SQLite finishes the job. Enrollment tokens live in `tokens`
// (single_use, expires_ms, used_ms) with a role no API route accepts.
import type { Kysely, Migration } from 'kysely';
import type { DialectName } from '../schema.ts';
import { columnConventions } from './migration-columns.ts';

export function agentsMigration(dialect: DialectName): Migration {
  const { int64, notNull, key } = columnConventions(dialect);

  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema
        .createTable('agents')
        .ifNotExists()
        .addColumn('id', 'text', (c) => key(c.primaryKey()))
        .addColumn('name', 'text', notNull)
        .addColumn('group_name', 'text', (c) => key(c))
        .addColumn('host', 'text')
        .addColumn('public_key', 'text', notNull)
        .addColumn('enrolled_ms', int64, notNull)
        .addColumn('revoked_ms', int64)
        .addColumn('last_seen_ms', int64)
        .addColumn('last_seq', int64)
        .addColumn('silent', 'integer', notNull)
        .addColumn('health', 'text')
        .addColumn('policy', 'text')
        .execute();
      await db.schema
        .createTable('agent_group_policies')
        .ifNotExists()
        .addColumn('group_name', 'text', (c) => key(c.primaryKey()))
        .addColumn('policy', 'text', notNull)
        .addColumn('updated_ms', int64, notNull)
        .execute();
    },
  };
}
