// The RFC 9162 §2.1 definitions written literally, sharing no code with src/: MTH (§2.1.1), PATH
// (§2.1.3.1) and PROOF/SUBPROOF (§2.1.4.1). All trees in the tests are prefixes of one leaf list,
// so MTH(D[lo:hi]) is memoized per range: the recursion stays the spec's, only repeats are cached.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';

const sha256 = (...parts: Uint8Array[]): Buffer => {
  const h = createHash('sha256');
  for (const p of parts) h.update(p);
  return h.digest();
};

/** The largest power of two smaller than n (n > 1). */
function splitPoint(n: number): number {
  let k = 1;
  while (k * 2 < n) k *= 2;
  return k;
}

export class ReferenceTree {
  readonly leafHashes: Buffer[];
  readonly #memo = new Map<string, Buffer>();

  constructor(leaves: readonly Uint8Array[]) {
    this.leafHashes = leaves.map((d) => sha256(Buffer.from([0x00]), d));
  }

  /** MTH(D[lo:hi]). */
  mth(lo: number, hi: number): Buffer {
    const key = `${lo}:${hi}`;
    const known = this.#memo.get(key);
    if (known !== undefined) return known;
    const h = this.#mthUncached(lo, hi);
    this.#memo.set(key, h);
    return h;
  }

  #mthUncached(lo: number, hi: number): Buffer {
    const n = hi - lo;
    if (n === 0) return sha256();
    if (n === 1) return this.leafHashes[lo] ?? assert.fail(`no leaf ${lo}`);
    const k = splitPoint(n);
    return sha256(Buffer.from([0x01]), this.mth(lo, lo + k), this.mth(lo + k, hi));
  }

  /** PATH(m, D[lo:hi]), m relative to lo. */
  path(m: number, lo: number, hi: number): Buffer[] {
    const n = hi - lo;
    if (n === 1) return [];
    const k = splitPoint(n);
    return m < k
      ? [...this.path(m, lo, lo + k), this.mth(lo + k, hi)]
      : [...this.path(m - k, lo + k, hi), this.mth(lo, lo + k)];
  }

  /** PROOF(m, D[0:n]) = SUBPROOF(m, D[0:n], true). */
  proof(m: number, n: number): Buffer[] {
    return this.subproof(m, 0, n, true);
  }

  /** SUBPROOF(m, D[lo:hi], b), m relative to lo. */
  subproof(m: number, lo: number, hi: number, b: boolean): Buffer[] {
    const n = hi - lo;
    if (m === n) return b ? [] : [this.mth(lo, hi)];
    const k = splitPoint(n);
    return m <= k
      ? [...this.subproof(m, lo, lo + k, b), this.mth(lo + k, hi)]
      : [...this.subproof(m - k, lo + k, hi, false), this.mth(lo, lo + k)];
  }
}
