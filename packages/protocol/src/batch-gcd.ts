// Batch GCD (Bernstein, "How to find smooth parts of integers", 2004; Heninger et al., "Mining
// your Ps and Qs", USENIX Security 2012): finds every modulus that shares a prime with another in
// quasi-linear time. Product tree of the moduli, then a remainder tree of P mod N_i², and
// gcd(P/N_i mod N_i, N_i) for each leaf. Here in protocol because the agent (a gate run, one
// host) and the server (the whole inventory) both run it.

export function gcd(a: bigint, b: bigint): bigint {
  while (b !== 0n) [a, b] = [b, a % b];
  return a;
}

function productTree(leaves: bigint[]): bigint[][] {
  const tree = [leaves];
  while (tree[tree.length - 1]!.length > 1) {
    const level = tree[tree.length - 1]!;
    const next: bigint[] = [];
    for (let i = 0; i < level.length; i += 2)
      next.push(i + 1 < level.length ? level[i]! * level[i + 1]! : level[i]!);
    tree.push(next);
  }
  return tree;
}

/** For each modulus, the gcd with the product of all others (1n when it shares no prime). */
export function batchGcd(moduli: readonly bigint[]): bigint[] {
  if (moduli.length < 2) return moduli.map(() => 1n);
  const tree = productTree([...moduli]);
  let rems = tree[tree.length - 1]!;
  for (let l = tree.length - 2; l >= 0; l--) {
    const level = tree[l]!;
    rems = level.map((x, i) => rems[i >> 1]! % (x * x));
  }
  return moduli.map((n, i) => {
    const g = gcd(rems[i]! / n, n);
    // Duplicate moduli give g = n: they share both primes; report n itself.
    return g;
  });
}

export interface SharedPrime {
  readonly index: number;
  readonly factor: bigint;
}

/** The moduli that share a prime with another one in the set, with the shared factor. */
export function findSharedPrimes(moduli: readonly bigint[]): SharedPrime[] {
  return batchGcd(moduli)
    .map((factor, index) => ({ index, factor }))
    .filter((s) => s.factor !== 1n);
}

/** The product of the moduli, by a product tree (balanced multiplications are the fast ones). */
export function productOf(moduli: readonly bigint[]): bigint {
  return moduli.length === 0 ? 1n : productTree([...moduli]).at(-1)![0]!;
}

/**
 * Every RSA modulus ever seen, as one product, for checking new moduli one at a time: a modulus n
 * in the product shares a prime with another exactly when gcd((P mod n²)/n, n) ≠ 1 — the leaf
 * step of the remainder tree — so a new key costs one multiplication and one division, not a
 * whole batch GCD. Append-only on purpose: a prime shared with a retired key is still exposed.
 */
export class ModulusEstate {
  private readonly known = new Set<bigint>();
  private product = 1n;

  get size(): number {
    return this.known.size;
  }

  add(moduli: readonly bigint[]): void {
    const fresh = [...new Set(moduli)].filter((n) => !this.known.has(n));
    for (const n of fresh) this.known.add(n);
    if (fresh.length > 0) this.product *= productOf(fresh);
  }

  /** The factor n shares with the other moduli of the estate (1n when none); n must be added. */
  sharedFactor(n: bigint): bigint {
    if (!this.known.has(n)) throw new Error('sharedFactor: add the modulus first');
    return gcd((this.product % (n * n)) / n, n);
  }
}
