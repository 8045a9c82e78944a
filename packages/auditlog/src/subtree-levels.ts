// The perfect subtrees of one aligned chunk of leaves, level by level, so that whole-log
// verification can hash on worker threads and fold only one node per chunk on the main thread.
// A chunk starts at a multiple of its (power of two) capacity, so every complete node it holds is
// a node of the RFC 9162 §2.1.1 tree, and the tree's root at any size inside the chunk is the
// frontier before the chunk followed by chunkPrefixNodes (the binary decomposition of the prefix).
import { AuditLogError } from './audit-log-error.ts';
import { HASH_SIZE, nodeHash } from './merkle-hash.ts';

/** levels[0] = leaf hashes; levels[k][i] = the node over leaves i·2^k … (i+1)·2^k − 1 of the chunk. */
export function subtreeLevels(leafHashes: readonly Uint8Array[]): Uint8Array[][] {
  const levels: Uint8Array[][] = [leafHashes.slice()];
  for (let below = levels[0]!; below.length >= 2;) {
    const level: Uint8Array[] = [];
    for (let i = 0; i + 1 < below.length; i += 2) level.push(nodeHash(below[i]!, below[i + 1]!));
    levels.push(level);
    below = level;
  }
  return levels;
}

/**
 * The nodes covering the first `count` leaves of a chunk, largest first (one per 1 bit of count,
 * high to low): what MerkleFrontier.rootWith and appendSubtree take after the chunk's start.
 */
export function chunkPrefixNodes(
  levels: readonly (readonly Uint8Array[])[],
  count: number,
): { hash: Uint8Array; height: number }[] {
  const nodes: { hash: Uint8Array; height: number }[] = [];
  let offset = 0;
  for (let height = levels.length - 1; height >= 0; height--) {
    const width = 2 ** height;
    if ((count - offset) & width) {
      const hash = levels[height]?.[offset / width];
      if (hash === undefined || hash.length !== HASH_SIZE) {
        throw new AuditLogError('LEAF_MALFORMED', `no subtree node for ${count} leaves of a chunk`);
      }
      nodes.push({ hash, height });
      offset += width;
    }
  }
  if (offset !== count) {
    throw new AuditLogError('LEAF_MALFORMED', `the chunk holds fewer than ${count} leaves`);
  }
  return nodes;
}
