// The frontier, the stored-hash addressing and treeRoot against the recursive RFC 9162 §2.1.1
// definition, for every tree size 1..300.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  AuditLogError,
  EMPTY_ROOT,
  MerkleFrontier,
  leafHash,
  rootFromLeafHashes,
  storedHashCount,
  storedHashIndex,
  treeRoot,
  treeRootPlan,
} from '../src/index.ts';
import { ReferenceTree } from './merkle-reference.ts';

const MAX = 300;
const leaves = Array.from({ length: MAX }, (_, i) => Buffer.from(`leaf ${i}`));
const ref = new ReferenceTree(leaves);

/** Appends all leaves, checking where each returned stored hash goes. */
function buildStore(): { stored: Buffer[]; frontiers: MerkleFrontier[] } {
  const stored: Buffer[] = [];
  const frontiers: MerkleFrontier[] = [];
  const f = MerkleFrontier.empty();
  for (const leaf of leaves) {
    const first = storedHashIndex(0, f.size);
    assert.equal(first, stored.length, 'hashes are stored in append order');
    stored.push(...f.append(leafHash(leaf)));
    assert.equal(stored.length, storedHashCount(f.size));
    frontiers.push(f.clone());
  }
  return { stored, frontiers };
}
const { stored, frontiers } = buildStore();

/** A reader over the hashes that exist at `size`, recording what it was asked. */
function reader(size: number, calls: number[] = []): (i: number) => Uint8Array {
  const limit = storedHashCount(size);
  return (i) => {
    calls.push(i);
    assert.ok(i < limit, `stored hash ${i} does not exist yet at size ${size}`);
    return stored[i] as Buffer;
  };
}

test('leafHash and EMPTY_ROOT follow RFC 9162 §2.1.1', () => {
  for (let i = 0; i < MAX; i++) assert.deepEqual(leafHash(leaves[i] as Buffer), ref.leafHashes[i]);
  assert.equal(
    EMPTY_ROOT.toString('hex'),
    'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855',
  );
  assert.deepEqual(MerkleFrontier.empty().root(), EMPTY_ROOT);
  assert.deepEqual(rootFromLeafHashes([]), EMPTY_ROOT);
});

test('stored hash numbering matches Go sumdb/tlog', () => {
  // Order in which a sequencer completes subtrees: (level, k).
  const order = [
    [0, 0],
    [0, 1],
    [1, 0],
    [0, 2],
    [0, 3],
    [1, 1],
    [2, 0],
    [0, 4],
    [0, 5],
    [1, 2],
    [0, 6],
  ];
  order.forEach(([level, k], i) => assert.equal(storedHashIndex(level as number, k as number), i));
  assert.deepEqual(
    [0, 1, 2, 3, 4, 5, 6, 7, 8].map(storedHashCount),
    [0, 1, 3, 4, 7, 8, 10, 11, 15],
  );
  // Every complete subtree hash is stored where storedHashIndex says.
  for (let level = 0; 2 ** level <= MAX; level++) {
    for (let k = 0; (k + 1) * 2 ** level <= MAX; k++) {
      assert.deepEqual(
        stored[storedHashIndex(level, k)],
        ref.mth(k * 2 ** level, (k + 1) * 2 ** level),
      );
    }
  }
  assert.throws(() => storedHashIndex(-1, 0), { code: 'PROOF_RANGE_INVALID' });
  assert.throws(() => storedHashCount(1.5), { code: 'PROOF_RANGE_INVALID' });
});

test('for every size 1..300 the frontier, treeRoot and rootFromLeafHashes give MTH', () => {
  for (let size = 1; size <= MAX; size++) {
    const want = ref.mth(0, size);
    assert.deepEqual(frontiers[size - 1]?.root(), want, `frontier root at ${size}`);
    assert.deepEqual(
      rootFromLeafHashes(ref.leafHashes.slice(0, size)),
      want,
      `rootFromLeafHashes at ${size}`,
    );
    const calls: number[] = [];
    assert.deepEqual(treeRoot(size, reader(size, calls)), want, `treeRoot at ${size}`);
    assert.deepEqual(calls, treeRootPlan(size), 'treeRoot reads exactly its plan');
    assert.equal(calls.length, [...size.toString(2)].filter((c) => c === '1').length);
  }
  assert.deepEqual(treeRoot(0, reader(0)), EMPTY_ROOT);
});

test('a restored frontier continues exactly like the original', () => {
  for (let size = 0; size <= MAX; size++) {
    const calls: number[] = [];
    const f = MerkleFrontier.restore(size, reader(size, calls));
    assert.deepEqual(calls, MerkleFrontier.restorePlan(size));
    assert.equal(f.size, size);
    for (let i = size; i < Math.min(size + 40, MAX); i++) {
      const completed = f.append(ref.leafHashes[i] as Buffer);
      const at = storedHashIndex(0, i);
      completed.forEach((h, j) => assert.deepEqual(h, stored[at + j]));
      assert.deepEqual(f.root(), ref.mth(0, i + 1));
    }
  }
});

test('append costs about one node hash per leaf, and clones are independent', () => {
  let nodes = 0;
  const f = MerkleFrontier.empty();
  for (let i = 0; i < 1 << 12; i++) nodes += f.append(ref.leafHashes[i % MAX] as Buffer).length - 1;
  assert.equal(nodes, (1 << 12) - 1);
  const a = MerkleFrontier.empty();
  a.append(ref.leafHashes[0] as Buffer);
  const b = a.clone();
  b.append(ref.leafHashes[1] as Buffer);
  assert.equal(a.size, 1);
  assert.deepEqual(a.root(), ref.mth(0, 1));
  assert.deepEqual(b.root(), ref.mth(0, 2));
});

test('bad inputs are coded errors', () => {
  assert.throws(() => MerkleFrontier.empty().append(Buffer.alloc(31)), AuditLogError);
  assert.throws(() => MerkleFrontier.restorePlan(-1), { code: 'PROOF_RANGE_INVALID' });
  assert.throws(() => MerkleFrontier.restore(5, () => Buffer.alloc(3)), {
    code: 'PROOF_RANGE_INVALID',
  });
  assert.throws(() => treeRoot(7, () => undefined as unknown as Uint8Array), {
    code: 'PROOF_RANGE_INVALID',
  });
  assert.throws(() => treeRootPlan(Number.NaN), { code: 'PROOF_RANGE_INVALID' });
});
