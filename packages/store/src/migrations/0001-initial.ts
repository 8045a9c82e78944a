// The initial schema, valid on both dialects. Types differ only where they must: on SQLite the
// event index is `INTEGER PRIMARY KEY` (the rowid itself, so appends touch one less B-tree); on PG
// every integer is bigint and text keys use the "C" collation, which makes comparisons bytewise
// (the typePrefix range over tags is exact) and cheaper than a locale collation.
// Every statement is IF NOT EXISTS: SQLite migrations are not wrapped in a DDL transaction by
// Kysely, so a re-run after a crash must finish the job instead of failing.
import { sql, type ColumnDefinitionBuilder, type Kysely, type Migration } from 'kysely';
import type { DialectName } from '../schema.ts';

type Col = (c: ColumnDefinitionBuilder) => ColumnDefinitionBuilder;

export function initialMigration(dialect: DialectName): Migration {
  const pg = dialect === 'postgres';
  const int64 = pg ? 'bigint' : 'integer';
  const bytes = pg ? 'bytea' : 'blob';
  const notNull: Col = (c) => c.notNull();
  // Bytewise comparison for text keys that are looked up or ranged over.
  const key: Col = (c) => (pg ? c.modifyEnd(sql`collate "C"`) : c);
  const keyNotNull: Col = (c) => key(c.notNull());
  const withoutRowid = pg ? sql`` : sql`without rowid`;

  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema
        .createTable('events')
        .ifNotExists()
        .addColumn('idx', int64, (c) => c.primaryKey())
        .addColumn('id', 'text', (c) => key(c.notNull().unique()))
        .addColumn('time_ms', int64, notNull)
        .addColumn('received_ms', int64, notNull)
        .addColumn('leaf', bytes, notNull)
        .execute();

      // The filter index (postings.ts): one row per (block, tag), not one index entry per
      // (column, event), so an append writes a few pages of postings instead of eight B-tree
      // entries per event scattered over as many pages.
      await db.schema
        .createTable('event_postings')
        .ifNotExists()
        .addColumn('block', int64, notNull)
        .addColumn('tag', 'text', keyNotNull)
        .addColumn('offsets', bytes, notNull)
        .addPrimaryKeyConstraint('event_postings_pk', ['block', 'tag'])
        .modifyEnd(withoutRowid)
        .execute();

      await db.schema
        .createTable('event_tag_spans')
        .ifNotExists()
        .addColumn('tag', 'text', keyNotNull)
        .addColumn('span', int64, notNull)
        .addPrimaryKeyConstraint('event_tag_spans_pk', ['tag', 'span'])
        .modifyEnd(withoutRowid)
        .execute();

      await db.schema
        .createTable('event_blocks')
        .ifNotExists()
        .addColumn('block', int64, (c) => c.primaryKey())
        .addColumn('min_time', int64, notNull)
        .addColumn('max_time', int64, notNull)
        .execute();

      await db.schema
        .createTable('merkle_hashes')
        .ifNotExists()
        .addColumn('address', int64, (c) => c.primaryKey())
        .addColumn('hash', bytes, notNull)
        .modifyEnd(withoutRowid)
        .execute();

      await db.schema
        .createTable('checkpoints')
        .ifNotExists()
        .addColumn('size', int64, (c) => c.primaryKey())
        .addColumn('root', bytes, notNull)
        .addColumn('note', 'text', notNull)
        .addColumn('created_ms', int64, notNull)
        .execute();

      await db.schema
        .createTable('quarantine')
        .ifNotExists()
        // AUTOINCREMENT / identity: ids are never reused, so the list's keyset cursor is stable.
        .addColumn('id', int64, (c) =>
          pg ? c.primaryKey().generatedAlwaysAsIdentity() : c.primaryKey().autoIncrement(),
        )
        .addColumn('received_ms', int64, notNull)
        .addColumn('source', 'text', keyNotNull)
        .addColumn('field', 'text', notNull)
        .addColumn('reason', 'text', notNull)
        .addColumn('raw', 'text', notNull)
        .execute();
      await db.schema
        .createIndex('quarantine_source_id')
        .ifNotExists()
        .on('quarantine')
        .columns(['source', 'id desc'])
        .execute();

      await db.schema
        .createTable('tokens')
        .ifNotExists()
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('secret_hash', bytes, notNull)
        .addColumn('role', 'text', notNull)
        .addColumn('name', 'text', notNull)
        .addColumn('created_ms', int64, notNull)
        .addColumn('revoked_ms', int64)
        .addColumn('expires_ms', int64)
        .addColumn('single_use', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('used_ms', int64)
        .execute();

      await db.schema
        .createTable('meta')
        .ifNotExists()
        .addColumn('key', 'text', (c) => c.primaryKey())
        .addColumn('value', 'text', notNull)
        .execute();
    },
  };
}
