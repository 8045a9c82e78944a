// The SQLite writer does not checkpoint its WAL inside commits: a thread of its own does
// (sqlite-checkpointer.ts). With the writer's automatic checkpoint off, only that thread can move
// committed pages into the database file, so a database file that grows while the store is open,
// beside a WAL file that stays small, shows the thread at work; and everything reads back after.
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

const BATCHES = 60;
const PER_BATCH = 500;
const LEAF = 2048;
const WRITTEN = BATCHES * PER_BATCH * LEAF; // about 61 MB of leaves

const size = (file: string): number => statSync(file, { throwIfNoEntry: false })?.size ?? 0;
const autocheckpoint = async (store: LogStore): Promise<unknown> =>
  (
    await (
      store as LogStore & { durabilitySettings(): Promise<Record<string, unknown>> }
    ).durabilitySettings()
  )['wal_autocheckpoint'];

/** Appends BATCHES batches of 2 KiB leaves, `pauseMs` apart; the largest WAL and writer settings seen. */
async function fill(path: string, pauseMs: number) {
  const store = await openSqliteStore({ path });
  const log = new TestLog(store);
  let maxWal = 0;
  const writerSettings = new Set<unknown>();
  try {
    await store.migrate();
    for (let b = 0; b < BATCHES; b++) {
      const batch = log.batch(PER_BATCH);
      for (const e of batch.events) e.leaf = Buffer.concat([e.leaf, Buffer.alloc(LEAF, b)]);
      await store.appendBatch(batch);
      log.commit(batch);
      maxWal = Math.max(maxWal, size(`${path}-wal`));
      writerSettings.add(await autocheckpoint(store));
      await sleep(pauseMs);
    }
    const deadline = Date.now() + 30_000;
    while (size(path) < WRITTEN && Date.now() < deadline) await sleep(50);
    const dbWhileOpen = size(path);
    assert.equal((await store.readLeaves(log.size - 3, log.size)).length, 3);
    return { maxWal, writerSettings, dbWhileOpen, events: log.size };
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

test('at a pace the thread follows, only the checkpoint thread moves pages into the database file', async () => {
  const path = join(temp.dir, 'paced.db');
  const r = await fill(path, 25);
  assert.deepEqual([...r.writerSettings], [0], 'the writer never checkpointed itself');
  assert.ok(r.dbWhileOpen >= WRITTEN, `database file ${r.dbWhileOpen} bytes, leaves ${WRITTEN}`);
  assert.ok(r.maxWal < 24 << 20, `the WAL reached ${r.maxWal} bytes for ${WRITTEN} written`);
  await assertComplete(path, r.events);
});

test('a writer faster than the thread checkpoints inline again, so the WAL stays bounded', async () => {
  const path = join(temp.dir, 'unpaced.db');
  const r = await fill(path, 0);
  // 32 MiB of frames before the writer steps in, plus what it commits until the thread reports.
  assert.ok(r.maxWal < 56 << 20, `the WAL reached ${r.maxWal} bytes for ${WRITTEN} written`);
  assert.ok(r.dbWhileOpen >= WRITTEN);
  await assertComplete(path, r.events);
});
