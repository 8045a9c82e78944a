// The SQLite store with its writer thread (an opt-in of the server): the whole conformance
// suite again (pipelined appends included), plus closing with batches in flight.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { openSqliteStore, type LogStore } from '../src/index.ts';
import { conformanceSuite, rejectsWith } from './conformance-suite.ts';
import { createTempDir } from './temp-databases.ts';
import { TestLog } from './test-log.ts';

const temp = createTempDir();
let n = 0;
let path = join(temp.dir, 'none.db');
const open = (): Promise<LogStore> => openSqliteStore({ path, writerThread: true });

conformanceSuite({
  dialect: 'sqlite',
  open,
  reset: () => {
    path = join(temp.dir, `log-${++n}.db`);
    return Promise.resolve();
  },
  assertDurable: () => Promise.resolve(), // the writer's connection is configured as the main one
  teardown: () => Promise.resolve(temp.remove()),
});

describe('SQLite writer thread', () => {
  test('close() lets sent batches finish; the store refuses appends afterwards', async () => {
    path = join(temp.dir, `close-${++n}.db`);
    const store = await open();
    await store.migrate();
    const log = new TestLog(store);
    const b = log.batch(50);
    log.commit(b);
    const sent = store.appendBatch(b);
    await store.close();
    await sent;
    const reopened = await openSqliteStore({ path });
    try {
      assert.equal(await reopened.logSize(), 50);
    } finally {
      await reopened.close();
    }
    await rejectsWith(store.appendBatch(log.batch(1)), 'DATABASE_UNAVAILABLE');
  });
});
