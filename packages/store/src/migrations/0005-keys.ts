// Keys in production and performance (key-inventory-store.ts, perf-series-store.ts): the key
// inventory, the latest observation per deployed key, and performance buckets at three
// resolutions. Conventions of 0001-initial: bigint on PG, "C" collation for looked-up text keys,
// IF NOT EXISTS so a re-run finishes.
import type { Kysely, Migration } from 'kysely';
import type { DialectName } from '../schema.ts';
import { columnConventions } from './migration-columns.ts';

export function keysMigration(dialect: DialectName): Migration {
  const { int64, real, notNull, key, keyNotNull } = columnConventions(dialect);

  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema
        .createTable('key_inventory')
        .ifNotExists()
        .addColumn('id', 'text', (c) => key(c.primaryKey()))
        .addColumn('name', 'text')
        .addColumn('algorithm', 'text', notNull)
        .addColumn('size', int64)
        .addColumn('usage', 'text')
        .addColumn('state', 'text', notNull)
        .addColumn('activation', 'text')
        .addColumn('expiry', 'text')
        .addColumn('fingerprint', 'text', key)
        .addColumn('kcv', 'text')
        .addColumn('locations', 'text', notNull)
        .addColumn('shareable', 'integer', notNull)
        .addColumn('source', 'text', notNull)
        .addColumn('updated_ms', int64, notNull)
        .execute();
      await db.schema
        .createIndex('key_inventory_fingerprint')
        .ifNotExists()
        .on('key_inventory')
        .column('fingerprint')
        .execute();
      await db.schema
        .createTable('key_observations')
        .ifNotExists()
        .addColumn('host', 'text', keyNotNull)
        .addColumn('label', 'text', keyNotNull)
        .addColumn('origin', 'text', notNull)
        .addColumn('agent_id', 'text')
        .addColumn('fingerprint', 'text')
        .addColumn('kcv', 'text')
        .addColumn('modulus', 'text')
        .addColumn('verdict', 'text', notNull)
        .addColumn('report', 'text', notNull)
        .addColumn('observed_ms', int64, notNull)
        .addPrimaryKeyConstraint('key_observations_pk', ['host', 'label'])
        .execute();
      await db.schema
        .createTable('perf_buckets')
        .ifNotExists()
        .addColumn('host', 'text', keyNotNull)
        .addColumn('metric', 'text', keyNotNull)
        .addColumn('resolution', 'integer', notNull)
        .addColumn('bucket_ms', int64, notNull)
        .addColumn('count', int64, notNull)
        .addColumn('sum', real, notNull)
        .addColumn('min', real, notNull)
        .addColumn('max', real, notNull)
        .addPrimaryKeyConstraint('perf_buckets_pk', ['host', 'metric', 'resolution', 'bucket_ms'])
        .execute();
      await db.schema
        .createIndex('perf_buckets_prune')
        .ifNotExists()
        .on('perf_buckets')
        .columns(['resolution', 'bucket_ms'])
        .execute();
    },
  };
}
