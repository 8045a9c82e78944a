// One behavioural suite for every LogStore dialect (like kysely's DIALECTS loop): each dialect's
// test file supplies a harness and calls conformanceSuite. Real databases, no mocks.
import { describe, test, beforeEach, after } from 'node:test';
import assert from 'node:assert/strict';
import { StoreError, type LogStore } from '../src/index.ts';
import { eventRow, hashOf, TestLog } from './test-log.ts';
import { eventFilterTests } from './event-filter-tests.ts';
import { writerAndTokenTests } from './writer-and-token-tests.ts';
import { alertStoreTests } from './alert-store-tests.ts';
import { outboxStoreTests } from './outbox-store-tests.ts';
import { userStoreTests } from './user-store-tests.ts';
import { agentStoreTests } from './agent-store-tests.ts';
import { fimStoreTests } from './fim-store-tests.ts';
import { keyInventoryStoreTests } from './key-inventory-store-tests.ts';

export interface StoreHarness {
  dialect: 'sqlite' | 'postgres';
  /** Opens a (further) store on the current database. */
  open(): Promise<LogStore>;
  /** Switches to a new, empty, unmigrated database. */
  reset(): Promise<void>;
  /** Asserts that `store` commits durably (dialect settings). */
  assertDurable(store: LogStore): Promise<void>;
  teardown(): Promise<void>;
}

export async function rejectsWith(
  promise: Promise<unknown>,
  code: StoreError['code'],
): Promise<void> {
  await assert.rejects(promise, (err: unknown) => {
    assert.ok(err instanceof StoreError, `expected a StoreError, got ${String(err)}`);
    assert.equal(err.code, code, err.message);
    return true;
  });
}

export type OpenStore = () => Promise<LogStore>;

export function conformanceSuite(h: StoreHarness): void {
  const opened: LogStore[] = [];
  /** A migrated store on a fresh database, closed after the test. */
  const fresh = async (): Promise<LogStore> => {
    await Promise.all(opened.splice(0).map((s) => s.close()));
    await h.reset();
    const store = await h.open();
    opened.push(store);
    await store.migrate();
    return store;
  };
  const another = async (): Promise<LogStore> => {
    const store = await h.open();
    opened.push(store);
    return store;
  };
  after(async () => {
    await Promise.all(opened.splice(0).map((s) => s.close()));
    await h.teardown();
  });

  describe(`LogStore conformance: ${h.dialect}`, () => {
    let store: LogStore;
    let log: TestLog;
    beforeEach(async () => {
      store = await fresh();
      log = new TestLog(store);
    });

    test('batches sent without waiting commit in call order; a failed one takes the later ones with it', async () => {
      // What the sequencer relies on when the store pipelines (pipelinedAppends).
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
    });

    test('reports its dialect, migrates idempotently, starts empty', async () => {
      assert.equal(store.dialect, h.dialect);
      await store.migrate();
      await store.migrate();
      assert.equal(await store.logSize(), 0);
      assert.equal(await store.latestCheckpoint(), undefined);
      assert.deepEqual(await store.readLeaves(0, 10), []);
      assert.deepEqual(await store.queryEvents({}, 10), []);
    });

    test('commits durably', async () => {
      await h.assertDurable(store);
    });

    test('appends and reads back the exact leaf bytes', async () => {
      const first = await log.append(3);
      const second = await log.append(2);
      assert.equal(await store.logSize(), 5);
      for (const e of [...first.events, ...second.events]) {
        assert.deepEqual(Buffer.from((await store.readLeaf(e.index))!), Buffer.from(e.leaf));
      }
      assert.equal(await store.readLeaf(5), undefined);
      const rows = await store.readLeaves(1, 4);
      assert.deepEqual(
        rows.map((r) => r.index),
        [1, 2, 3],
      );
      assert.deepEqual(Buffer.from(rows[2]!.leaf), Buffer.from(second.events[0]!.leaf));
      assert.deepEqual(
        (await store.readLeaves(3, 100)).map((r) => r.index),
        [3, 4],
      );
    });

    test('findIndexesByIds finds known ids, in any number, and ignores unknown ones', async () => {
      await log.append(1500, (i) => ({ id: `id-${i}` }));
      const ids = Array.from({ length: 1500 }, (_, i) => `id-${i}`);
      const found = await store.findIndexesByIds([...ids, 'nope', 'id-3']);
      assert.equal(found.size, 1500);
      assert.equal(found.get('id-0'), 0);
      assert.equal(found.get('id-1499'), 1499);
      assert.equal(found.has('nope'), false);
      assert.deepEqual(await store.findIndexesByIds([]), new Map());
    });

    test('ids and filter values with NUL and \\u0001 are stored and matched exactly', async () => {
      const odd = ['nul\u0000id', 'esc\u0001id', 'esc\u0001\u0002id', 'plain "quoted" \\ ✓'];
      await log.append(4, (i) => ({ id: odd[i]!, actorId: odd[i]!, actorRoles: [odd[i]!] }));
      const found = await store.findIndexesByIds([...odd, 'nul\u0001\u0002id']);
      assert.deepEqual(found, new Map(odd.map((id, i) => [id, i])));
      assert.deepEqual(await store.findIndexesByIds(['pair 😀', odd[3]!]), new Map([[odd[3]!, 3]]));
      for (const [i, value] of odd.entries()) {
        assert.deepEqual(
          (await store.queryEvents({ actorId: value }, 10)).map((r) => r.index),
          [i],
        );
        assert.deepEqual(
          (await store.queryEvents({ role: value }, 10)).map((r) => r.index),
          [i],
        );
      }
    });

    test('a batch that does not start at the end of the log writes nothing: APPEND_CONFLICT', async () => {
      await log.append(4);
      const gap = log.batch(2);
      gap.events = gap.events.map((e) => ({ ...e, index: e.index + 1 }));
      gap.checkpoint = { ...gap.checkpoint, size: gap.checkpoint.size + 1 };
      await rejectsWith(store.appendBatch(gap), 'APPEND_CONFLICT');
      const overlap = log.batch(2);
      overlap.events = overlap.events.map((e) => ({ ...e, index: e.index - 1, id: `${e.id}-x` }));
      overlap.checkpoint = { ...overlap.checkpoint, size: overlap.checkpoint.size - 1 };
      await rejectsWith(store.appendBatch(overlap), 'APPEND_CONFLICT');
      const hashGap = log.batch(2);
      hashGap.hashes = { ...hashGap.hashes, start: hashGap.hashes.start + 1 };
      await rejectsWith(store.appendBatch(hashGap), 'APPEND_CONFLICT');
      const hashOverlap = log.batch(2);
      hashOverlap.hashes = { ...hashOverlap.hashes, start: hashOverlap.hashes.start - 1 };
      await rejectsWith(store.appendBatch(hashOverlap), 'APPEND_CONFLICT');
      assert.equal(await store.logSize(), 4);
      assert.equal((await store.latestCheckpoint())?.size, 4);
      await log.append(2); // the log is still appendable
      assert.equal(await store.logSize(), 6);
    });

    test('a batch that fails half-way leaves nothing visible', async () => {
      await log.append(300, (i) => ({ type: 'key.create', actorId: `a-${i % 3}` }));
      // The 51st event reuses a stored id: rows before it are written, then the insert fails.
      const bad = log.batch(100, (i) => ({
        type: 'key.half',
        actorId: 'a-0',
        ...(i === 350 ? { id: 'ev-7' } : {}),
      }));
      await rejectsWith(store.appendBatch(bad), 'APPEND_CONFLICT');
      assert.equal(await store.logSize(), 300);
      assert.equal(await store.readLeaf(300), undefined);
      assert.equal(await store.checkpointForSize(400), undefined);
      assert.equal((await store.latestCheckpoint())?.size, 300);
      await rejectsWith(store.readHashes([300]), 'NOT_FOUND');
      assert.deepEqual(await store.queryEvents({ types: ['key.half'] }, 10), []);
      assert.equal((await store.findIndexesByIds(['ev-300'])).size, 0);
      // The failed batch left no trace in the filter index either.
      await log.append(100, () => ({ type: 'key.half', actorId: 'a-0' }));
      const half = await store.queryEvents({ types: ['key.half'], actorId: 'a-0' }, 1000);
      assert.deepEqual(
        half.map((r) => r.index),
        Array.from({ length: 100 }, (_, k) => 399 - k),
      );
    });

    test('malformed batches are refused before any write: INVALID_QUERY', async () => {
      await log.append(2);
      const empty = log.batch(0);
      await rejectsWith(store.appendBatch(empty), 'INVALID_QUERY');
      const holes = log.batch(3);
      holes.events[2] = { ...holes.events[2]!, index: holes.events[2]!.index + 1 };
      await rejectsWith(store.appendBatch(holes), 'INVALID_QUERY');
      const wrongCheckpoint = log.batch(3);
      wrongCheckpoint.checkpoint = { ...wrongCheckpoint.checkpoint, size: 4 };
      await rejectsWith(store.appendBatch(wrongCheckpoint), 'INVALID_QUERY');
      assert.equal(await store.logSize(), 2);
    });

    test('readHashes returns stored hashes and throws NOT_FOUND for a missing one', async () => {
      await log.append(5);
      const got = await store.readHashes([0, 4, 2, 2]);
      assert.equal(got.size, 3);
      assert.deepEqual(Buffer.from(got.get(4)!), hashOf(4));
      assert.deepEqual(await store.readHashes([]), new Map());
      await rejectsWith(store.readHashes([1, 5]), 'NOT_FOUND');
      // Every stored hash is SHA-256 wide: another width is a caller bug, refused before writing.
      const odd = log.batch(2);
      odd.hashes.values = [hashOf(5), Buffer.alloc(40, 7)];
      await rejectsWith(store.appendBatch(odd), 'INVALID_QUERY');
      assert.equal(await store.logSize(), 5);
      await rejectsWith(store.readHashes([5]), 'NOT_FOUND');
    });

    test('checkpoints: latest, by size, listed in ascending pages', async () => {
      const batches = [];
      for (let i = 0; i < 5; i++) batches.push(await log.append(2));
      const latest = await store.latestCheckpoint();
      assert.equal(latest?.size, 10);
      assert.equal(latest?.note, 'test\n10\n');
      assert.deepEqual(Buffer.from(latest.root), Buffer.from(batches[4]!.checkpoint.root));
      assert.equal(latest?.createdMs, batches[4]!.checkpoint.createdMs);
      assert.equal((await store.checkpointForSize(6))?.size, 6);
      assert.equal(await store.checkpointForSize(5), undefined);
      assert.deepEqual(
        (await store.listCheckpoints({ limit: 2 })).map((c) => c.size),
        [2, 4],
      );
      assert.deepEqual(
        (await store.listCheckpoints({ afterSize: 4, limit: 10 })).map((c) => c.size),
        [6, 8, 10],
      );
      assert.deepEqual(await store.listCheckpoints({ afterSize: 10, limit: 10 }), []);
      await rejectsWith(store.listCheckpoints({ limit: 0 }), 'INVALID_QUERY');
    });

    test('quarantine: ids, newest first, paging, per-source counts', async () => {
      const ids: number[] = [];
      for (let i = 0; i < 5; i++) {
        ids.push(
          await store.addQuarantine({
            receivedMs: 1000 + i,
            source: i % 2 ? 'syslog' : 'http',
            field: 'time\u0001',
            reason: `bad ${i}`,
            raw: `raw\u0000${i}`,
          }),
        );
      }
      assert.deepEqual(
        [...ids].sort((a, b) => a - b),
        ids,
      );
      const all = await store.listQuarantine({ limit: 10 });
      assert.deepEqual(
        all.map((r) => r.id),
        [...ids].reverse(),
      );
      assert.deepEqual(all[0], {
        id: ids[4],
        receivedMs: 1004,
        source: 'http',
        field: 'time\u0001',
        reason: 'bad 4',
        raw: 'raw\u00004',
      });
      assert.deepEqual(
        (await store.listQuarantine({ limit: 2, beforeId: ids[3]! })).map((r) => r.id),
        [ids[2], ids[1]],
      );
      assert.deepEqual(
        (await store.listQuarantine({ limit: 10, source: 'syslog' })).map((r) => r.reason),
        ['bad 3', 'bad 1'],
      );
      assert.deepEqual(await store.countQuarantine(), { http: 3, syslog: 2 });
    });

    test('meta: unset, set, overwritten', async () => {
      assert.equal(await store.getMeta('k'), undefined);
      await store.setMeta('k', 'v1');
      await store.setMeta('k', 'v2');
      await store.setMeta('other', '');
      assert.equal(await store.getMeta('k'), 'v2');
      assert.equal(await store.getMeta('other'), '');
    });

    test('the same leaf rows are served to a second store on the same database', async () => {
      await log.append(3);
      const reader = await another();
      assert.equal(await reader.logSize(), 3);
      assert.deepEqual(Buffer.from((await reader.readLeaf(2))!), Buffer.from(eventRow(2).leaf));
    });
  });
  eventFilterTests(h.dialect, fresh);
  writerAndTokenTests(h.dialect, fresh, another);
  alertStoreTests(h.dialect, fresh, another);
  outboxStoreTests(h.dialect, fresh, another);
  userStoreTests(h.dialect, fresh, another);
  agentStoreTests(h.dialect, fresh, another);
  fimStoreTests(h.dialect, fresh, another);
  keyInventoryStoreTests(h.dialect, fresh, another);
}
