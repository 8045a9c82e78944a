// The sequencer over a pipelining store (as PostgreSQL is; here SQLite, which also runs appends in
// call order — the conformance suite checks both): the next batch is prepared and sent while the
// previous one commits. When a commit fails, the batches built on it
// fail too, the tree rolls back to what is durable, and the log goes on without a gap or a fork.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openStore, StoreError, type AppendBatch, type LogStore } from '@keywatch/store';
import { loadOrCreateLogIdentity, Sequencer, type SequencedEvent } from '@keywatch/server';

const ev = (id: string): SequencedEvent => ({
  id,
  time: '2026-11-28T12:00:00Z',
  type: 'key.create',
  outcome: 'success',
  actor: { id: 'alice' },
});

/** A fresh SQLite log and identity for one test, removed afterwards. */
async function withLog(
  fn: (store: LogStore, identity: ReturnType<typeof loadOrCreateLogIdentity>) => Promise<void>,
): Promise<void> {
  const dataDir = mkdtempSync(join(tmpdir(), 'kw-seq-'));
  const store = await openStore({ dataDir });
  try {
    await store.migrate();
    await fn(store, loadOrCreateLogIdentity(dataDir, 'test.keywatch/seq'));
  } finally {
    await store.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

/** An appendBatch that runs `step` for each call, one after another in call order (as PostgreSQL's does). */
function inCallOrder(step: (batch: AppendBatch, call: number) => Promise<void>) {
  let calls = 0;
  let previous: Promise<unknown> = Promise.resolve();
  return (batch: AppendBatch): Promise<void> => {
    const n = ++calls;
    const result = previous.then(
      () => step(batch, n),
      () => step(batch, n),
    );
    previous = result.catch(() => undefined);
    return result;
  };
}

/** Call number `failAt` fails (a disk error) and writes nothing. */
function failingOnce(store: LogStore, failAt: number): LogStore {
  return pipelining(store, {
    appendBatch: inCallOrder(async (batch, n) => {
      if (n === failAt) {
        // Slowly, so that the next batch is prepared on top of this one before it fails.
        await new Promise((r) => setTimeout(r, 50));
        throw new StoreError('DATABASE_UNAVAILABLE', 'disk I/O error (test)');
      }
      await store.appendBatch(batch);
    }),
  });
}

/** The store, saying it pipelines, with some methods replaced. */
function pipelining(store: LogStore, replaced: Partial<LogStore> = {}): LogStore {
  return new Proxy(store, {
    get: (target, key) =>
      key === 'pipelinedAppends'
        ? true
        : key in replaced
          ? replaced[key as keyof LogStore]
          : (Reflect.get(target, key) as unknown),
  });
}

test('a failed commit fails the batches built on it; the log continues without a gap', () =>
  withLog(async (real, identity) => {
    // Call 1 is the genesis leaf; then one batch per append (maxBatch 1).
    const store = failingOnce(real, 3);
    const seq = await Sequencer.open({ store, identity, maxBatch: 1 });
    const results = await Promise.allSettled([
      seq.append([ev('a')]),
      seq.append([ev('b')]),
      seq.append([ev('c')]),
    ]);
    assert.deepEqual(
      results.map((r) => r.status),
      ['fulfilled', 'rejected', 'rejected'],
    );
    for (const r of results.slice(1)) {
      const reason = (r as PromiseRejectedResult).reason as { code: string };
      assert.equal(reason.code, 'LOG_UNAVAILABLE');
    }
    // Not a fork: the sequencer keeps appending right after the last durable entry.
    const [d] = await seq.append([ev('d')]);
    assert.deepEqual(d, { id: 'd', index: 2, duplicate: false });
    const [again] = await seq.append([ev('b')]);
    assert.equal(again?.index, 3, 'b never landed, so it is new now');
    assert.equal(await real.logSize(), 4);
    const reopened = await Sequencer.open({ store: real, identity });
    assert.equal(reopened.size, 4);
    assert.equal(reopened.latestCheckpoint().note, seq.latestCheckpoint().note);
  }));

test('duplicates of an event still in flight get its index, once it is durable', () =>
  withLog(async (store, identity) => {
    const seq = await Sequencer.open({ store: pipelining(store), identity, maxBatch: 1 });
    const [first, second] = await Promise.all([seq.append([ev('x')]), seq.append([ev('x')])]);
    assert.deepEqual(first, [{ id: 'x', index: 1, duplicate: false }]);
    assert.deepEqual(second, [{ id: 'x', index: 1, duplicate: true }]);
    assert.equal(await store.logSize(), 2);
  }));

/**
 * PostgreSQL's duplicate lookup runs on another connection than the append: its snapshot may
 * predate a commit whose acknowledgement the event loop handles first. Modelled here: the lookup
 * reads the store at once and answers `delayMs` later, and each append takes `appendMs`.
 */
function lateLookups(store: LogStore, delayMs: number, appendMs: number): LogStore {
  return pipelining(store, {
    findIndexesByIds: async (ids) => {
      const snapshot = await store.findIndexesByIds(ids);
      await new Promise((r) => setTimeout(r, delayMs));
      return snapshot;
    },
    appendBatch: inCallOrder(async (batch) => {
      await new Promise((r) => setTimeout(r, appendMs));
      await store.appendBatch(batch);
    }),
  });
}

test('a duplicate is found when its lookup read the store before the first copy committed', () =>
  withLog(async (real, identity) => {
    const seq = await Sequencer.open({ store: lateLookups(real, 60, 20), identity, maxBatch: 1 });
    // x is looked up (not there), prepared and sent; the second x is looked up while the first is
    // still being written, and its answer comes after the first x is durable.
    const results = await Promise.all([
      seq.append([ev('x')]),
      seq.append([ev('x')]),
      seq.append([ev('y'), ev('x')]),
    ]);
    assert.deepEqual(results, [
      [{ id: 'x', index: 1, duplicate: false }],
      [{ id: 'x', index: 1, duplicate: true }],
      [
        { id: 'y', index: 2, duplicate: false },
        { id: 'x', index: 1, duplicate: true },
      ],
    ]);
    assert.equal(await real.logSize(), 3);
  }));
