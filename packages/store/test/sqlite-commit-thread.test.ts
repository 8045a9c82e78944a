// The SQLite commit thread (sqlite-commit-thread.ts): a file store commits its batches on a
// connection of its own, durably, while the event loop's connection goes on reading and writing
// the same file. The conformance suite covers what every append must do; these cover the thread.
import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import type { Worker } from 'node:worker_threads';
import { openSqliteStore, type LogStore } from '../src/index.ts';
import { packBatch, packedBuffers } from '../src/dialect/sqlite/sqlite-append.ts';
import { rejectsWith } from './conformance-suite.ts';
import { createTempDir } from './temp-databases.ts';
import { TestLog } from './test-log.ts';

type WithSettings = LogStore & { durabilitySettings(): Promise<Record<string, unknown>> };

describe('SQLite commit thread', () => {
  const dir = createTempDir();
  after(() => dir.remove());
  let n = 0;
  const open = async (path = join(dir.dir, `c-${++n}.db`)): Promise<LogStore> => {
    const store = await openSqliteStore({ path });
    await store.migrate();
    return store;
  };
  /** Runs `fn` on a migrated store of a new file, and closes it. */
  const withStore = async (fn: (store: LogStore) => Promise<void>): Promise<void> => {
    const store = await open();
    try {
      await fn(store);
    } finally {
      await store.close();
    }
  };

  test('a file store pipelines its appends, and the committing connection is WAL with synchronous = FULL', () =>
    withStore(async (store) => {
      assert.equal(store.pipelinedAppends, true);
      const settings = await (store as WithSettings).durabilitySettings();
      assert.equal(settings['thread_journal_mode'], 'wal');
      assert.equal(settings['thread_synchronous'], 2);
    }));

  test('a packed batch owns every buffer it moves to the thread (no slice of the Buffer pool)', () =>
    withStore(async (store) => {
      // Moving a slice would detach the pool under every other small Buffer of the process.
      const log = new TestLog(store);
      for (const size of [1, 3, 120]) {
        const b = log.batch(size);
        const packed = packBatch(b);
        const views = [
          packed.timeMs,
          packed.receivedMs,
          packed.leaves,
          packed.leafEnds,
          packed.hashes,
        ];
        packedBuffers(packed).forEach((buffer, i) => {
          assert.equal(buffer, views[i]!.buffer);
          assert.equal(views[i]!.byteOffset, 0);
          assert.equal(
            buffer.byteLength,
            views[i]!.byteLength,
            `buffer ${i} of a ${size}-event batch`,
          );
        });
        await store.appendBatch(b);
        log.commit(b);
      }
      assert.equal(await store.logSize(), log.size);
    }));

  test('a committed batch is visible to the event loop connection as soon as its append resolves', () =>
    withStore(async (store) => {
      const log = new TestLog(store);
      for (let k = 0; k < 5; k++) {
        const b = log.batch(50);
        await store.appendBatch(b);
        log.commit(b);
        assert.equal(await store.logSize(), log.size);
        const [last] = await store.readLeaves(log.size - 1, log.size);
        assert.deepEqual(Buffer.from(last!.leaf), Buffer.from(b.events[49]!.leaf));
      }
    }));

  test("the event loop connection's own writes interleave with the thread's commits", () =>
    withStore(async (store) => {
      const log = new TestLog(store);
      const appends: Promise<void>[] = [];
      const quarantined: Promise<number>[] = [];
      for (let k = 0; k < 20; k++) {
        const b = log.batch(200);
        log.commit(b);
        appends.push(store.appendBatch(b));
        quarantined.push(
          store.addQuarantine({ receivedMs: k, source: 'test', field: '', reason: 'r', raw: 'x' }),
        );
      }
      await Promise.all(appends);
      assert.equal((await Promise.all(quarantined)).length, 20);
      assert.equal(await store.logSize(), 4000);
      assert.equal((await store.latestCheckpoint())?.size, 4000);
    }));

  test('small batches commit on the event loop when the thread is idle, and never overtake one in flight', () =>
    withStore(async (store) => {
      const log = new TestLog(store);
      const sizes = [1, 200, 1, 3, 200, 1, 16, 17, 1];
      const sent = sizes.map((k) => {
        const b = log.batch(k);
        log.commit(b);
        return store.appendBatch(b);
      });
      await Promise.all(sent);
      const total = sizes.reduce((a, b) => a + b, 0);
      assert.equal(await store.logSize(), total);
      assert.equal((await store.latestCheckpoint())?.size, total);
      const leaves = await store.readLeaves(0, total);
      assert.deepEqual(
        leaves.map((l) => l.index),
        Array.from({ length: total }, (_, i) => i),
      );
    }));

  test('once the thread is gone, appends fail with DATABASE_UNAVAILABLE instead of waiting', () =>
    withStore(async (store) => {
      const log = new TestLog(store);
      const b = log.batch(50); // above the inline size: the thread starts
      await store.appendBatch(b);
      log.commit(b);
      // Reaching into the store: nothing outside it can stop its thread.
      const worker = (store as unknown as { committer: { worker: Worker } }).committer.worker;
      await worker.terminate();
      await rejectsWith(store.appendBatch(log.batch(50)), 'DATABASE_UNAVAILABLE');
      // Nor does a small batch slip past on the event loop's connection.
      await rejectsWith(store.appendBatch(log.batch(1)), 'DATABASE_UNAVAILABLE');
      assert.equal(await store.logSize(), 50, 'the event loop connection still reads');
    }));

  test('after close, an append fails with DATABASE_UNAVAILABLE and writes nothing', async () => {
    const path = join(dir.dir, 'closed.db');
    const store = await open(path);
    await store.close();
    await rejectsWith(store.appendBatch(new TestLog(store).batch(1)), 'DATABASE_UNAVAILABLE');
    const again = await open(path);
    try {
      assert.equal(await again.logSize(), 0);
    } finally {
      await again.close();
    }
  });
});
