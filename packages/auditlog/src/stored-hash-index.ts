// Addressing of stored hashes, identical to golang.org/x/mod/sumdb/tlog (StoredHashIndex,
// StoredHashCount): every complete subtree hash is stored once, numbered in the order an
// append-only sequencer completes them. Appending leaf n stores its leaf hash, then the hash of
// each subtree that leaf completes (levels 1, 2, … while n's low bits are 1). So the stored hashes
// of a tree of size N are exactly the indexes below storedHashCount(N), and they never change.
import { AuditLogError } from './audit-log-error.ts';
import { requireTreeInteger } from './tree-math.ts';

/** Index of the hash of the complete subtree at `level` covering leaves k·2^level … (k+1)·2^level − 1. */
export function storedHashIndex(level: number, k: number): number {
  requireTreeInteger(level, 'level');
  requireTreeInteger(k, 'subtree index');
  if (level > 62)
    throw new AuditLogError('PROOF_RANGE_INVALID', `level ${level} is beyond any tree`);
  // Level L's k'th hash is stored right after level L−1's (2k+1)'th hash: walk down to level 0.
  let n = k;
  for (let l = level; l > 0; l--) n = 2 * n + 1;
  // Level 0's n'th hash is stored at n + n/2 + n/4 + … (each earlier record adds its parents).
  let i = 0;
  for (let m = n; m > 0; m = Math.floor(m / 2)) i += m;
  const index = i + level;
  if (!Number.isSafeInteger(n) || !Number.isSafeInteger(index)) {
    throw new AuditLogError('PROOF_RANGE_INVALID', `stored hash (${level}, ${k}) is beyond 2^53`);
  }
  return index;
}

/** Number of stored hashes for a tree of `size` leaves. */
export function storedHashCount(size: number): number {
  requireTreeInteger(size, 'tree size');
  if (size === 0) return 0;
  // Up to and including the last leaf hash, plus each parent that last leaf completed.
  let count = storedHashIndex(0, size - 1) + 1;
  for (let n = size - 1; n % 2 === 1; n = (n - 1) / 2) count++;
  return count;
}
