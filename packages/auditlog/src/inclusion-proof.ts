// Inclusion proofs (RFC 9162 §2.1.3): built from stored hashes in two phases (plan, then build),
// so an asynchronous store can fetch every needed hash in one query, and verified per §2.1.3.2.
import { AuditLogError } from './audit-log-error.ts';
import { bytesEqual, nodeHash } from './merkle-hash.ts';
import { isBytes, isHash, toUint64 } from './proof-input.ts';
import { rangeHash, rangePlan, type ReadStoredHash } from './subtree-hash.ts';
import { largestPowerOfTwoBelow, requireTreeInteger } from './tree-math.ts';

/** The subtrees [lo, hi) whose hashes form PATH(index, D[0:size]) (§2.1.3.1), leaf's sibling first. */
function pathRanges(index: number, size: number): Array<[number, number]> {
  requireTreeInteger(index, 'leaf index');
  requireTreeInteger(size, 'tree size');
  if (index >= size) {
    throw new AuditLogError(
      'PROOF_RANGE_INVALID',
      `leaf index ${index} is not below tree size ${size}`,
      { index },
    );
  }
  const ranges: Array<[number, number]> = [];
  let lo = 0;
  let hi = size;
  // PATH(m, D[n]) = PATH(m, D[0:k]) : MTH(D[k:n]) if m < k, else PATH(m − k, D[k:n]) : MTH(D[0:k]).
  while (hi - lo > 1) {
    const k = largestPowerOfTwoBelow(hi - lo);
    if (index < lo + k) {
      ranges.push([lo + k, hi]);
      hi = lo + k;
    } else {
      ranges.push([lo, lo + k]);
      lo += k;
    }
  }
  return ranges.reverse();
}

/** Stored-hash indexes needed (throws PROOF_RANGE_INVALID if index >= size or size < 1). */
export function inclusionProofPlan(index: number, size: number): number[] {
  const plan: number[] = [];
  for (const [lo, hi] of pathRanges(index, size)) rangePlan(lo, hi, plan);
  return plan;
}

/** RFC 9162 §2.1.3.1 audit path, leaf's sibling first. `read` is called only for planned indexes. */
export function inclusionProof(index: number, size: number, read: ReadStoredHash): Buffer[] {
  return pathRanges(index, size).map(([lo, hi]) => rangeHash(lo, hi, read));
}

/** RFC 9162 §2.1.3.2; throws INCLUSION_PROOF_INVALID. */
export function verifyInclusion(
  leafHash: Uint8Array,
  index: number | bigint,
  size: number | bigint,
  proof: readonly Uint8Array[],
  root: Uint8Array,
): void {
  const fail = (why: string): AuditLogError =>
    new AuditLogError('INCLUSION_PROOF_INVALID', `inclusion proof invalid: ${why}`);
  const leafIndex = toUint64(index);
  const treeSize = toUint64(size);
  if (leafIndex === undefined || treeSize === undefined)
    throw fail('index and size must be integers in [0, 2^64)');
  if (leafIndex >= treeSize) throw fail(`index ${leafIndex} is not below size ${treeSize}`);
  if (!isHash(leafHash)) throw fail('the leaf hash is not 32 bytes');
  if (!Array.isArray(proof) || !isBytes(root))
    throw fail('proof must be an array of hashes and root a byte string');
  let fn = leafIndex;
  let sn = treeSize - 1n;
  let r: Buffer = Buffer.from(leafHash);
  for (const p of proof as unknown[]) {
    if (sn === 0n) throw fail('the proof is too long');
    if (!isHash(p)) throw fail('a proof hash is not 32 bytes');
    if ((fn & 1n) === 1n || fn === sn) {
      r = nodeHash(p, r);
      // fn is a left child whose right sibling is absent at these levels: skip them.
      while (fn !== 0n && (fn & 1n) === 0n) {
        fn >>= 1n;
        sn >>= 1n;
      }
    } else {
      r = nodeHash(r, p);
    }
    fn >>= 1n;
    sn >>= 1n;
  }
  if (sn !== 0n) throw fail('the proof is too short');
  if (!bytesEqual(r, root)) throw fail('the proof does not lead to the root');
}
