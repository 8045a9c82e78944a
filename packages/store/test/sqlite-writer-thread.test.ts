// The SQLite store with its writer thread (the server's configuration): the whole conformance
// suite again, plus what the thread adds — batches sent before the previous one resolved commit
// in order, and when one fails every later one fails with it, leaving the log as it was.
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
  test('pipelined batches commit in order; a failed one takes the later ones with it', async () => {
    path = join(temp.dir, `pipeline-${++n}.db`);
    const store = await open();
    try {
      await store.migrate();
      assert.equal(store.pipelinedAppends, true);
      const log = new TestLog(store);
      // Nothing awaited between sends: each batch's positions follow the previous one's.
      const sent = [3, 2, 4].map((k) => {
        const b = log.batch(k);
        log.commit(b);
        return store.appendBatch(b);
      });
      await Promise.all(sent);
      assert.equal(await store.logSize(), 9);
      assert.equal((await store.latestCheckpoint())?.size, 9);

      // A batch that collides with stored hashes (another writer's, say), then one built on it.
      const bad = log.batch(1);
      const first = store.appendBatch({ ...bad, hashes: { ...bad.hashes, start: 0 } });
      log.commit(bad);
      const next = store.appendBatch(log.batch(2));
      await rejectsWith(first, 'APPEND_CONFLICT');
      await rejectsWith(next, 'APPEND_CONFLICT');
      assert.equal(await store.logSize(), 9, 'nothing of the failed batches is visible');
    } finally {
      await store.close();
    }
  });

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
