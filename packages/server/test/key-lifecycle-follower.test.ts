// The key lifecycle follower applies a commit's key events in order while reading each key once
// and writing the batch in one go: the end state must equal a read and a write per event, and a
// key.observed check must still see the inventory as of its own position in the batch.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { StoredEvent } from '@keywatch/protocol';
import type { KeyInventoryRecord, LogStore } from '@keywatch/store';
import type { KeyCheckService } from '../src/keys/key-check-service.ts';
import { KeyLifecycleFollower } from '../src/keys/key-lifecycle-follower.ts';

function fakeStore(initial: KeyInventoryRecord[] = []) {
  const rows = new Map(initial.map((k) => [k.id, k]));
  const calls = { getKey: 0, upsertKeys: 0 };
  const store = {
    keys: () => ({
      getKey: async (id: string) => {
        calls.getKey++;
        return rows.get(id);
      },
      upsertKeys: async (entries: readonly KeyInventoryRecord[]) => {
        calls.upsertKeys++;
        for (const e of entries) rows.set(e.id, e);
        return entries.length;
      },
    }),
  } as unknown as LogStore;
  return { store, rows, calls };
}

let index = 0;
const ev = (
  type: string,
  id: string,
  detail: Record<string, unknown> = {},
  outcome = 'success',
): StoredEvent =>
  ({
    index: index++,
    time: `2026-01-01T00:00:${String(index % 60).padStart(2, '0')}Z`,
    received: '2026-01-01T00:01:00Z',
    type,
    outcome,
    actor: { id: 'alice' },
    target: { type: 'key', id, name: id },
    detail,
  }) as unknown as StoredEvent;

const noChecks = { check: async () => undefined } as unknown as KeyCheckService;
const fail = (err: unknown): void => assert.fail(err as Error);

test('one read per key and one write per batch give the state of one read and write per event', async () => {
  const batch = [
    ev('key.create', 'k1', { algorithm: 'AES', size: 256 }),
    ev('key.create', 'k2', { algorithm: 'rsa', size: 2048, fingerprint: 'SHA256:AB' }),
    ev('key.disable', 'k1'),
    ev('key.rotate', 'k2', { usage: 'sign' }),
    ev('key.update', 'k3'), // unknown key and no algorithm: nothing to create
    ev('key.destroy', 'k1'),
    ev('key.create', 'k4', { algorithm: 'ec' }, 'failure'), // failures are not followed
    ev('key.enable', 'k0'),
  ];
  const k0: KeyInventoryRecord = {
    id: 'k0',
    name: 'k0',
    algorithm: 'ec',
    size: 256,
    usage: null,
    state: 'suspended',
    activation: null,
    expiry: null,
    fingerprint: null,
    kcv: null,
    locations: [],
    shareable: false,
    source: 'api',
    updatedMs: 1,
  };
  // Reference: the same events one at a time (a batch of one reads and writes per event).
  const ref = fakeStore([k0]);
  const one = new KeyLifecycleFollower(ref.store, noChecks, fail);
  for (const e of batch) one.observe([e]);
  await one.idle();

  const batched = fakeStore([k0]);
  const f = new KeyLifecycleFollower(batched.store, noChecks, fail);
  f.observe(batch);
  await f.idle();

  assert.deepEqual([...batched.rows.entries()].sort(), [...ref.rows.entries()].sort());
  assert.equal(batched.rows.get('k1')?.state, 'destroyed');
  assert.equal(batched.rows.get('k1')?.algorithm, 'aes');
  assert.equal(batched.rows.get('k2')?.fingerprint, 'sha256:ab');
  assert.equal(batched.rows.get('k2')?.usage, 'sign');
  assert.equal(batched.rows.get('k0')?.state, 'active');
  assert.equal(batched.rows.has('k3'), false);
  assert.equal(batched.rows.has('k4'), false);
  assert.equal(batched.calls.getKey, 4, 'k1, k2, k3 and k0 read once each');
  assert.equal(batched.calls.upsertKeys, 1, 'one write for the whole batch');
});

test('a key.observed check sees the lifecycle events before it in the same batch', async () => {
  const { store, rows } = fakeStore();
  const seen: (string | undefined)[] = [];
  const checks = {
    check: async () => {
      seen.push(rows.get('k9')?.state);
    },
  } as unknown as KeyCheckService;
  const observed = {
    ...ev('key.observed', 'agent'),
    source: { kind: 'agent', host: 'kms-1', agent: 'a-1' },
    detail: {
      host: 'kms-1',
      reports: [
        {
          label: '/etc/kms/k9.pem',
          kind: 'certificate',
          algorithm: 'rsa',
          bits: 2048,
          fingerprint: `sha256:${'a1'.repeat(32)}`,
          verdict: 'pass',
          findings: [],
        },
      ],
    },
  } as unknown as StoredEvent;
  const f = new KeyLifecycleFollower(store, checks, fail);
  f.observe([ev('key.create', 'k9', { algorithm: 'rsa' }), observed, ev('key.disable', 'k9')]);
  await f.idle();
  assert.deepEqual(seen, ['active']);
  assert.equal(rows.get('k9')?.state, 'suspended');
});
