// Chunked tree building (subtree-levels.ts, MerkleFrontier.appendSubtree/rootWith): for every tree
// size up to 300 and chunk capacities 1…64, the root at every size equals the recursive RFC 9162
// §2.1.1 definition, whether reached leaf by leaf or by whole chunks and prefixes.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  AuditLogError,
  MerkleFrontier,
  chunkPrefixNodes,
  leafHash,
  rootFromLeafHashes,
  subtreeLevels,
} from '../src/index.ts';

const MAX = 300;
const hashes = Array.from({ length: MAX }, (_, i) => leafHash(Buffer.from(`leaf ${i}`)));
const roots = Array.from({ length: MAX + 1 }, (_, n) => rootFromLeafHashes(hashes.slice(0, n)));

test('chunk prefixes and whole chunks give the reference root at every size', () => {
  for (const capacity of [1, 2, 4, 8, 16, 64]) {
    const f = MerkleFrontier.empty();
    for (let start = 0; start < MAX; start += capacity) {
      const chunk = hashes.slice(start, start + capacity);
      const levels = subtreeLevels(chunk);
      for (let k = 1; k <= chunk.length; k++) {
        const root = f.rootWith(chunkPrefixNodes(levels, k));
        assert.ok(root.equals(roots[start + k]!), `capacity ${capacity}, size ${start + k}`);
      }
      for (const n of chunkPrefixNodes(levels, chunk.length)) f.appendSubtree(n.hash, n.height);
      assert.equal(f.size, start + chunk.length);
      assert.ok(f.root().equals(roots[f.size]!));
    }
  }
});

test('a subtree that is not aligned, or a prefix longer than the chunk, is refused', () => {
  const f = MerkleFrontier.empty();
  f.append(hashes[0]!);
  assert.throws(() => f.appendSubtree(hashes[1]!, 1), AuditLogError);
  const levels = subtreeLevels(hashes.slice(0, 5));
  assert.throws(() => chunkPrefixNodes(levels, 6), AuditLogError);
  assert.equal(chunkPrefixNodes(levels, 5).length, 2); // 4 + 1
});
