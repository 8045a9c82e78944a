// Server-side FIM (fim-store.ts): versioned baselines per agent, the content-addressed known-good
// store and the agent command queue, on both dialects with the conventions of 0001-initial
// (bigint on PG, "C" collation for looked-up text keys, IF NOT EXISTS so a re-run finishes).
// Known-good bytes live in the database, so every server process of a PG deployment serves them
// and they are never on the monitored host.
import type { Kysely, Migration } from 'kysely';
import type { DialectName } from '../schema.ts';
import { columnConventions } from './migration-columns.ts';

export function fimMigration(dialect: DialectName): Migration {
  const { int64, bytes, notNull, key, keyNotNull } = columnConventions(dialect);

  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema
        .createTable('fim_baselines')
        .ifNotExists()
        .addColumn('agent_id', 'text', keyNotNull)
        .addColumn('version', int64, notNull)
        .addColumn('baseline', 'text', notNull)
        .addColumn('sha256', 'text', notNull)
        .addColumn('entries', int64, notNull)
        .addColumn('known_good', 'text', notNull)
        .addColumn('created_ms', int64, notNull)
        .addColumn('command_id', 'text')
        .addPrimaryKeyConstraint('fim_baselines_pk', ['agent_id', 'version'])
        .execute();
      await db.schema
        .createTable('fim_content')
        .ifNotExists()
        .addColumn('sha256', 'text', (c) => key(c.primaryKey()))
        .addColumn('size', int64, notNull)
        .addColumn('content', bytes, notNull)
        .addColumn('created_ms', int64, notNull)
        .execute();
      await db.schema
        .createTable('fim_commands')
        .ifNotExists()
        .addColumn('id', 'text', (c) => key(c.primaryKey()))
        .addColumn('agent_id', 'text', keyNotNull)
        .addColumn('kind', 'text', notNull)
        .addColumn('path', 'text')
        .addColumn('requested_by', 'text', notNull)
        .addColumn('requested_ms', int64, notNull)
        .addColumn('status', 'text', notNull)
        .addColumn('completed_ms', int64)
        .addColumn('result', 'text')
        .execute();
      await db.schema
        .createIndex('fim_commands_agent')
        .ifNotExists()
        .on('fim_commands')
        .columns(['agent_id', 'status', 'requested_ms'])
        .execute();
    },
  };
}
