// Large batches of an embedded log commit on the append thread (sqlite-append-thread.ts): they
// land in order with their exact leaves, survive a reopen, fail as the inline path fails (a stale
// position or a colliding id is APPEND_CONFLICT and leaves nothing), and small batches appended
// after the thread started still queue behind it.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openSqliteStore, StoreError, type LogStore } from '../src/index.ts';
import { APPEND_THREAD_FROM } from '../src/dialect/sqlite/sqlite-log-store.ts';
import { TestLog, leafFor } from './test-log.ts';

let dir: string;
before(() => (dir = mkdtempSync(join(tmpdir(), 'kw-append-thread-'))));
after(() => rmSync(dir, { recursive: true, force: true }));

async function open(name: string): Promise<LogStore> {
  const store = await openSqliteStore({ path: join(dir, name) });
  await store.migrate();
  assert.equal(await store.tryAcquireWriterLock(), true);
  return store;
}

test('pipelined large and small batches commit in order, exact, durable', async () => {
  const store = await open('order.db');
  const log = new TestLog(store);
  const sizes = [APPEND_THREAD_FROM, 3, APPEND_THREAD_FROM * 2, 1, 5, APPEND_THREAD_FROM];
  // All sent before any settles, as the sequencer pipelines them: each builds on the one before.
  const batches = sizes.map((n) => {
    const b = log.batch(n);
    log.commit(b);
    return b;
  });
  await Promise.all(batches.map((b) => store.appendBatch(b)));
  const total = sizes.reduce((a, b) => a + b, 0);
  assert.equal(await store.logSize(), total);
  await store.close();
  const again = await open('order.db');
  const rows = await again.readLeaves(0, total);
  assert.equal(rows.length, total);
  rows.forEach((r, i) => assert.deepEqual(Buffer.from(r.leaf), leafFor(i, `ev-${i}`)));
  await again.close();
});

test('a stale position or a colliding id: APPEND_CONFLICT, nothing written', async () => {
  const store = await open('conflict.db');
  const log = new TestLog(store);
  await log.append(APPEND_THREAD_FROM);
  const stale = log.batch(APPEND_THREAD_FROM);
  stale.events.forEach((e) => (e.index -= 1));
  stale.checkpoint.size -= 1;
  await assert.rejects(store.appendBatch(stale), (err: unknown) => {
    assert.ok(err instanceof StoreError);
    assert.equal(err.code, 'APPEND_CONFLICT');
    return true;
  });
  const colliding = log.batch(APPEND_THREAD_FROM, (i) =>
    i === log.size + 7 ? { id: 'ev-3' } : {},
  );
  await assert.rejects(store.appendBatch(colliding), (err: unknown) => {
    assert.ok(err instanceof StoreError);
    assert.equal(err.code, 'APPEND_CONFLICT');
    return true;
  });
  assert.equal(await store.logSize(), APPEND_THREAD_FROM);
  await log.append(2); // the log goes on after the refusals
  assert.equal(await store.logSize(), APPEND_THREAD_FROM + 2);
  await store.close();
});
