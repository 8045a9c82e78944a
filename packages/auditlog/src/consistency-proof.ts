// Consistency proofs (RFC 9162 §2.1.4): the old tree of size `from` is a prefix of the tree of
// size `size`. Built from stored hashes in two phases (plan, then build); verified per §2.1.4.2.
import { AuditLogError } from './audit-log-error.ts';
import { bytesEqual, nodeHash } from './merkle-hash.ts';
import { isBytes, isHash, toUint64 } from './proof-input.ts';
import { rangeHash, rangePlan, type ReadStoredHash } from './subtree-hash.ts';
import { largestPowerOfTwoBelow, requireTreeInteger } from './tree-math.ts';

/** The subtrees [lo, hi) whose hashes form PROOF(from, D[0:size]) (§2.1.4.1), in proof order. */
function subproofRanges(from: number, size: number): Array<[number, number]> {
  requireTreeInteger(from, 'old tree size');
  requireTreeInteger(size, 'tree size');
  if (from < 1 || from > size) {
    throw new AuditLogError(
      'PROOF_RANGE_INVALID',
      `a consistency proof needs 0 < from <= size, got ${from} and ${size}`,
    );
  }
  const ranges: Array<[number, number]> = [];
  let lo = 0;
  let hi = size;
  let complete = true; // the b flag of SUBPROOF: the old tree is a complete subtree seen so far
  for (;;) {
    // SUBPROOF(m, D[m], true) = {}; SUBPROOF(m, D[m], false) = {MTH(D[m])}.
    if (from === hi) {
      if (!complete) ranges.push([lo, hi]);
      break;
    }
    const k = largestPowerOfTwoBelow(hi - lo);
    if (from - lo <= k) {
      // SUBPROOF(m, D[0:k], b) : MTH(D[k:n])
      ranges.push([lo + k, hi]);
      hi = lo + k;
    } else {
      // SUBPROOF(m − k, D[k:n], false) : MTH(D[0:k])
      ranges.push([lo, lo + k]);
      lo += k;
      complete = false;
    }
  }
  return ranges.reverse();
}

/** Stored-hash indexes needed; requires 0 < from <= size (else PROOF_RANGE_INVALID). */
export function consistencyProofPlan(from: number, size: number): number[] {
  const plan: number[] = [];
  for (const [lo, hi] of subproofRanges(from, size)) rangePlan(lo, hi, plan);
  return plan;
}

/** RFC 9162 §2.1.4.1 PROOF(from, D[0:size]). `read` is called only for planned indexes. */
export function consistencyProof(from: number, size: number, read: ReadStoredHash): Buffer[] {
  return subproofRanges(from, size).map(([lo, hi]) => rangeHash(lo, hi, read));
}

/** RFC 9162 §2.1.4.2; throws CONSISTENCY_PROOF_INVALID. `from` must be at least 1 (as in Go's tlog.CheckTree). */
export function verifyConsistency(
  from: number | bigint,
  size: number | bigint,
  proof: readonly Uint8Array[],
  fromRoot: Uint8Array,
  toRoot: Uint8Array,
): void {
  const fail = (why: string): AuditLogError =>
    new AuditLogError('CONSISTENCY_PROOF_INVALID', `consistency proof invalid: ${why}`);
  const first = toUint64(from);
  const second = toUint64(size);
  if (first === undefined || second === undefined)
    throw fail('sizes must be integers in [0, 2^64)');
  // Everything is consistent with the empty tree, so such a proof proves nothing: refuse it.
  if (first === 0n) throw fail('the old tree is empty');
  if (first > second) throw fail(`old size ${first} exceeds new size ${second}`);
  if (!Array.isArray(proof) || !isBytes(fromRoot) || !isBytes(toRoot))
    throw fail('malformed arguments');
  const path = proof as readonly unknown[];
  if (first === second) {
    if (path.length !== 0) throw fail('equal sizes need an empty proof');
    if (!bytesEqual(fromRoot, toRoot)) throw fail('equal sizes but different roots');
    return;
  }
  if (path.length === 0) throw fail('the proof is empty');
  // If first is a power of two, the old root is a node of the new tree: it starts the path.
  const firstIsPowerOfTwo = (first & (first - 1n)) === 0n;
  const start = firstIsPowerOfTwo ? fromRoot : path[0];
  if (!firstIsPowerOfTwo && !isHash(start)) throw fail('a proof hash is not 32 bytes');
  let fn = first - 1n;
  let sn = second - 1n;
  while ((fn & 1n) === 1n) {
    fn >>= 1n;
    sn >>= 1n;
  }
  let fr: Buffer = Buffer.from(start as Uint8Array);
  let sr: Buffer = fr;
  for (let i = firstIsPowerOfTwo ? 0 : 1; i < path.length; i++) {
    const c = path[i];
    if (sn === 0n) throw fail('the proof is too long');
    if (!isHash(c)) throw fail('a proof hash is not 32 bytes');
    if ((fn & 1n) === 1n || fn === sn) {
      fr = nodeHash(c, fr);
      sr = nodeHash(c, sr);
      while (fn !== 0n && (fn & 1n) === 0n) {
        fn >>= 1n;
        sn >>= 1n;
      }
    } else {
      sr = nodeHash(sr, c);
    }
    fn >>= 1n;
    sn >>= 1n;
  }
  if (sn !== 0n) throw fail('the proof is too short');
  if (!bytesEqual(fr, fromRoot)) throw fail('the proof does not lead to the old root');
  if (!bytesEqual(sr, toRoot)) throw fail('the proof does not lead to the new root');
}
