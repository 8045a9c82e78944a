// The append-only frontier ("compact range"): the roots of the complete subtrees of size's binary
// decomposition, largest first. Appending a leaf merges one pair per trailing 1 bit of the old size,
// so a leaf costs one node hash on average (plus its leaf hash, computed by the caller), and the
// merged hashes are exactly the new stored hashes (see stored-hash-index.ts).
import { AuditLogError } from './audit-log-error.ts';
import { EMPTY_ROOT, HASH_SIZE, nodeHash } from './merkle-hash.ts';
import { rangePlan, readStoredHash } from './subtree-hash.ts';
import { requireTreeInteger } from './tree-math.ts';

export class MerkleFrontier {
  #size: number;
  readonly #stack: Buffer[];
  #root: Buffer | undefined;

  private constructor(size: number, stack: Buffer[]) {
    this.#size = size;
    this.#stack = stack;
  }

  static empty(): MerkleFrontier {
    return new MerkleFrontier(0, []);
  }

  /** Indexes of stored hashes needed to restore a frontier for `size` (the complete subtrees of size's binary decomposition, largest first). */
  static restorePlan(size: number): number[] {
    requireTreeInteger(size, 'tree size');
    const plan: number[] = [];
    rangePlan(0, size, plan);
    return plan;
  }

  static restore(size: number, read: (storedIndex: number) => Uint8Array): MerkleFrontier {
    const stack = MerkleFrontier.restorePlan(size).map((i) => readStoredHash(read, i));
    return new MerkleFrontier(size, stack);
  }

  get size(): number {
    return this.#size;
  }

  /** Appends one leaf hash; returns the newly completed stored hashes in storage order (the leaf hash first, then each completed parent), whose indexes are storedHashIndex(0, oldSize) , +1, +2 …
   * The frontier keeps references to the returned buffers: store them, do not modify them. */
  append(leafHash: Uint8Array): Buffer[] {
    if (!(leafHash instanceof Uint8Array) || leafHash.length !== HASH_SIZE) {
      throw new AuditLogError('LEAF_MALFORMED', `a leaf hash must be ${HASH_SIZE} bytes`, {
        index: this.#size,
      });
    }
    let hash: Buffer = Buffer.from(leafHash);
    const completed = [hash];
    // Each trailing 1 bit of the old size is a complete subtree of the new leaf's height: merge it.
    for (let n = this.#size; n % 2 === 1; n = (n - 1) / 2) {
      const left = this.#stack.pop();
      if (left === undefined) break; // unreachable: the stack holds one hash per 1 bit of size
      hash = nodeHash(left, hash);
      completed.push(hash);
    }
    this.#stack.push(hash);
    this.#size++;
    this.#root = undefined;
    return completed;
  }

  /**
   * Appends the root of a complete subtree of 2^height leaves starting at the current size, which
   * must be a multiple of 2^height (subtree-levels.ts). Equivalent to appending its leaves one by
   * one, without the stored hashes (verification only).
   */
  appendSubtree(hash: Uint8Array, height: number): void {
    const width = 2 ** height;
    if (
      hash.length !== HASH_SIZE ||
      !Number.isInteger(height) ||
      height < 0 ||
      this.#size % width
    ) {
      throw new AuditLogError(
        'LEAF_MALFORMED',
        `no aligned subtree of 2^${height} at ${this.#size}`,
        {
          index: this.#size,
        },
      );
    }
    let node: Buffer = Buffer.from(hash);
    for (let n = this.#size / width; n % 2 === 1; n = (n - 1) / 2) {
      const left = this.#stack.pop();
      if (left === undefined) break; // unreachable: one stacked hash per 1 bit of size
      node = nodeHash(left, node);
    }
    this.#stack.push(node);
    this.#size += width;
    this.#root = undefined;
  }

  /** The root after appending these aligned subtrees (largest first), without appending them. */
  rootWith(nodes: readonly { hash: Uint8Array; height: number }[]): Buffer {
    const copy = this.clone();
    for (const n of nodes) copy.appendSubtree(n.hash, n.height);
    return copy.root();
  }

  /** RFC 9162 MTH of all leaves so far (EMPTY_ROOT for size 0). */
  root(): Buffer {
    if (this.#root === undefined) {
      const stack = this.#stack;
      let root = stack[stack.length - 1] ?? EMPTY_ROOT;
      // Right to left: the rightmost (smallest) subtree is the innermost right child.
      for (let i = stack.length - 2; i >= 0; i--) root = nodeHash(stack[i] ?? root, root);
      this.#root = root;
    }
    return Buffer.from(this.#root);
  }

  clone(): MerkleFrontier {
    const copy = new MerkleFrontier(this.#size, this.#stack.slice());
    copy.#root = this.#root;
    return copy;
  }
}
