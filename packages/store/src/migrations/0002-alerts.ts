// Alerts, their history and the notification outbox (docs/alerts.md), on both dialects with the
// conventions of 0001-initial: bigint on PG, "C" collation for looked-up text keys, IF NOT EXISTS
// everywhere so that a re-run after a crash on SQLite finishes the job.
import { sql, type ColumnDefinitionBuilder, type Kysely, type Migration } from 'kysely';
import type { DialectName } from '../schema.ts';

type Col = (c: ColumnDefinitionBuilder) => ColumnDefinitionBuilder;

export function alertsMigration(dialect: DialectName): Migration {
  const pg = dialect === 'postgres';
  const int64 = pg ? 'bigint' : 'integer';
  const notNull: Col = (c) => c.notNull();
  const key: Col = (c) => (pg ? c.modifyEnd(sql`collate "C"`) : c);
  const keyNotNull: Col = (c) => key(c.notNull());

  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema
        .createTable('alerts')
        .ifNotExists()
        .addColumn('id', 'text', (c) => key(c.primaryKey()))
        .addColumn('rule_id', 'text', keyNotNull)
        .addColumn('rule_title', 'text', notNull)
        .addColumn('severity', 'text', notNull)
        .addColumn('tags', 'text', notNull)
        .addColumn('status', 'text', notNull)
        .addColumn('dedupe_key', 'text', keyNotNull)
        .addColumn('count', int64, notNull)
        .addColumn('event_indexes', 'text', notNull)
        .addColumn('summary', 'text', notNull)
        .addColumn('fields', 'text', notNull)
        .addColumn('first_seen_ms', int64, notNull)
        .addColumn('last_seen_ms', int64, notNull)
        .addColumn('updated_ms', int64, notNull)
        .addColumn('suppress_reason', 'text')
        .addColumn('suppress_until_ms', int64)
        .addColumn('version', int64, notNull)
        .execute();
      // The list's order and keyset cursor; the dedupe lookup (newest alert per key).
      await db.schema
        .createIndex('alerts_first_seen')
        .ifNotExists()
        .on('alerts')
        .columns(['first_seen_ms desc', 'id desc'])
        .execute();
      await db.schema
        .createIndex('alerts_dedupe')
        .ifNotExists()
        .on('alerts')
        .columns(['dedupe_key', 'first_seen_ms desc'])
        .execute();

      await db.schema
        .createTable('alert_history')
        .ifNotExists()
        .addColumn('alert_id', 'text', keyNotNull)
        .addColumn('version', int64, notNull)
        .addColumn('at_ms', int64, notNull)
        .addColumn('action', 'text', notNull)
        .addColumn('from_status', 'text')
        .addColumn('to_status', 'text', notNull)
        .addColumn('actor_id', 'text', notNull)
        .addColumn('actor_role', 'text', notNull)
        .addColumn('comment', 'text', notNull)
        .addPrimaryKeyConstraint('alert_history_pk', ['alert_id', 'version'])
        .execute();

      await db.schema
        .createTable('alert_outbox')
        .ifNotExists()
        .addColumn('id', 'text', (c) => key(c.primaryKey()))
        .addColumn('alert_id', 'text', keyNotNull)
        .addColumn('channel', 'text', notNull)
        .addColumn('payload', 'text', notNull)
        .addColumn('created_ms', int64, notNull)
        .addColumn('expires_ms', int64, notNull)
        .addColumn('next_attempt_ms', int64, notNull)
        .addColumn('attempts', int64, notNull)
        .addColumn('state', 'text', notNull)
        .addColumn('lease_owner', 'text')
        .addColumn('lease_until_ms', int64)
        .addColumn('last_error', 'text')
        .addColumn('settled_ms', int64)
        .execute();
      // Only pending rows are ever claimed: a partial index stays as small as the backlog.
      await db.schema
        .createIndex('alert_outbox_due')
        .ifNotExists()
        .on('alert_outbox')
        .column('next_attempt_ms')
        .where(sql.ref('state'), '=', 'pending')
        .execute();
      await db.schema
        .createIndex('alert_outbox_alert')
        .ifNotExists()
        .on('alert_outbox')
        .columns(['alert_id', 'created_ms'])
        .execute();
    },
  };
}
