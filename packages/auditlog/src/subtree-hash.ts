// Hash of any subtree [lo, hi) that the RFC 9162 recursion visits, from stored complete-subtree
// hashes. Such a range always starts at a multiple of the smallest power of two >= its width
// (RFC 9162 §2.1.1 splits at the largest power of two below n), so its MTH is the right-to-left
// fold of its power-of-two decomposition, largest subtree first: O(log n) reads.
import { AuditLogError } from './audit-log-error.ts';
import { HASH_SIZE, nodeHash } from './merkle-hash.ts';
import { storedHashIndex } from './stored-hash-index.ts';
import { floorLog2 } from './tree-math.ts';

export type ReadStoredHash = (storedIndex: number) => Uint8Array;

/** Appends to `out` the stored indexes of the complete subtrees covering [lo, hi), largest first. */
export function rangePlan(lo: number, hi: number, out: number[]): void {
  let start = lo;
  while (start < hi) {
    let level = floorLog2(hi - start);
    while (start % 2 ** level !== 0) level--;
    out.push(storedHashIndex(level, start / 2 ** level));
    start += 2 ** level;
  }
}

/** MTH(D[lo:hi]) from stored hashes (see the file comment for which ranges are valid). */
export function rangeHash(lo: number, hi: number, read: ReadStoredHash): Buffer {
  const plan: number[] = [];
  rangePlan(lo, hi, plan);
  const hashes = plan.map((i) => readStoredHash(read, i)); // in plan order
  let root = hashes[hashes.length - 1] as Buffer;
  for (let i = hashes.length - 2; i >= 0; i--) root = nodeHash(hashes[i] as Buffer, root);
  return root;
}

/** Reads one stored hash and checks it, so a store gap is a coded error rather than a crash. */
export function readStoredHash(read: ReadStoredHash, storedIndex: number): Buffer {
  const value: unknown = read(storedIndex);
  if (!(value instanceof Uint8Array) || value.length !== HASH_SIZE) {
    throw new AuditLogError(
      'PROOF_RANGE_INVALID',
      `stored hash ${storedIndex} is missing or not ${HASH_SIZE} bytes`,
    );
  }
  // A copy, so callers never alias the store's buffers.
  return Buffer.from(value);
}
