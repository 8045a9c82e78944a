// The SQLite writer's WAL is copied into the database file mostly by a thread of its own
// (sqlite-checkpointer.ts); the writer's own automatic checkpoint waits for 8 MiB of WAL and
// keeps the file bounded whatever the thread manages.
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { statSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { openSqliteStore, type LogStore } from '../src/index.ts';
import { createTempDir } from './temp-databases.ts';
import { TestLog } from './test-log.ts';

const temp = createTempDir();
after(() => temp.remove());

const PER_BATCH = 500;
const LEAF = 2048;
const size = (file: string): number => statSync(file, { throwIfNoEntry: false })?.size ?? 0;

/** Appends `batches` batches of 2 KiB leaves with no pause; the largest WAL file seen. */
async function fill(store: LogStore, log: TestLog, path: string, batches: number) {
  let maxWal = 0;
  for (let b = 0; b < batches; b++) {
    const batch = log.batch(PER_BATCH);
    for (const e of batch.events) e.leaf = Buffer.concat([e.leaf, Buffer.alloc(LEAF, b)]);
    await store.appendBatch(batch);
    log.commit(batch);
    maxWal = Math.max(maxWal, size(`${path}-wal`));
  }
  return maxWal;
}

async function withStore<T>(path: string, f: (s: LogStore, log: TestLog) => Promise<T>) {
  const store = await openSqliteStore({ path });
  const log = new TestLog(store);
  try {
    await store.migrate();
    return { result: await f(store, log), events: log.size };
  } finally {
    await store.close();
  }
}

async function assertComplete(path: string, events: number): Promise<void> {
  const again = await openSqliteStore({ path });
  try {
    assert.equal((await again.readLeaves(0, events)).length, events);
  } finally {
    await again.close();
  }
}

test('the checkpoint thread copies committed pages before the writer would', async () => {
  const path = join(temp.dir, 'early.db');
  const written = 3 * PER_BATCH * LEAF; // 3 MB: under the writer's own 8 MiB threshold
  const { result: dbWhileOpen, events } = await withStore(path, async (store, log) => {
    await fill(store, log, path, 3);
    const deadline = Date.now() + 20_000;
    while (size(path) < written && Date.now() < deadline) await sleep(20);
    return size(path);
  });
  assert.ok(dbWhileOpen >= written, `database file ${dbWhileOpen} bytes, leaves ${written}`);
  await assertComplete(path, events);
});

test('a writer that never pauses still keeps the WAL bounded', async () => {
  const path = join(temp.dir, 'unpaced.db');
  const batches = 60;
  const written = batches * PER_BATCH * LEAF; // about 61 MB
  const { result: maxWal, events } = await withStore(path, (store, log) =>
    fill(store, log, path, batches),
  );
  // 8 MiB before the writer's own checkpoint, with the index pages and a batch or two on top.
  assert.ok(maxWal < 24 << 20, `the WAL reached ${maxWal} bytes for ${written} written`);
  assert.ok(size(path) >= written);
  await assertComplete(path, events);
});
