// Root of the tree of the first `size` leaves from stored hashes: the right-to-left fold of the
// complete subtrees of size's binary decomposition (RFC 9162 §2.1.1), so O(log n) reads.
import { EMPTY_ROOT } from './merkle-hash.ts';
import { rangeHash, rangePlan, type ReadStoredHash } from './subtree-hash.ts';
import { requireTreeInteger } from './tree-math.ts';

export function treeRootPlan(size: number): number[] {
  requireTreeInteger(size, 'tree size');
  const plan: number[] = [];
  rangePlan(0, size, plan);
  return plan;
}

export function treeRoot(size: number, read: ReadStoredHash): Buffer {
  requireTreeInteger(size, 'tree size');
  return size === 0 ? Buffer.from(EMPTY_ROOT) : rangeHash(0, size, read);
}
