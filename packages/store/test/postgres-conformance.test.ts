// The conformance suite on the real PostgreSQL server: one fresh database for this file (dropped
// afterwards), its schema recreated empty for each test that asks for a fresh store.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import pg from 'pg';
import { openPostgresStore, openStore, type LogStore } from '../src/index.ts';
import { conformanceSuite, rejectsWith } from './conformance-suite.ts';
import { createPgDatabase } from './temp-databases.ts';
import { oneEventBatch } from './test-log.ts';

const database = await createPgDatabase();

conformanceSuite({
  dialect: 'postgres',
  open: () => openPostgresStore({ url: database.url, poolSize: 4 }),
  reset: async () => {
    const client = new pg.Client({ connectionString: database.url });
    await client.connect();
    try {
      await client.query('drop schema public cascade; create schema public');
    } finally {
      await client.end();
    }
  },
  assertDurable: async (store) => {
    const settings = await (
      store as LogStore & { durabilitySettings(): Promise<Record<string, unknown>> }
    ).durabilitySettings();
    assert.equal(settings['synchronous_commit'], 'on');
    assert.equal(settings['fsync'], 'on');
  },
  teardown: () => database.drop(),
});

describe('PostgreSQL specifics', () => {
  test('a writer whose lock connection died refuses to append: WRITER_LOCKED', async () => {
    const store = await openPostgresStore({ url: database.url });
    const admin = new pg.Client({ connectionString: database.url });
    await admin.connect();
    try {
      await store.migrate();
      assert.equal(await store.tryAcquireWriterLock(), true);
      // Kill the session holding the advisory lock, as a network partition or restart would.
      await admin.query(
        `select pg_terminate_backend(pid) from pg_locks where locktype = 'advisory' and database = (select oid from pg_database where datname = current_database())`,
      );
      await new Promise((resolve) => setTimeout(resolve, 200));
      await rejectsWith(store.appendBatch(oneEventBatch(0)), 'WRITER_LOCKED');
      assert.equal(await store.logSize(), 0);
    } finally {
      await admin.end();
      await store.close();
    }
  });

  test('openStore picks PostgreSQL for a postgres:// URL; an unreachable server is DATABASE_UNAVAILABLE', async () => {
    const store = await openStore({ dataDir: '/nonexistent-unused', databaseUrl: database.url });
    try {
      assert.equal(store.dialect, 'postgres');
    } finally {
      await store.close();
    }
    await rejectsWith(
      openPostgresStore({ url: 'postgres://postgres@127.0.0.1:1/postgres' }),
      'DATABASE_UNAVAILABLE',
    );
    const missing = new URL(database.url);
    missing.pathname = '/kw_test_does_not_exist';
    await rejectsWith(openPostgresStore({ url: missing.toString() }), 'DATABASE_UNAVAILABLE');
  });
});
