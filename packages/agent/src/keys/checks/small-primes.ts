// Primes below a bound by the sieve of Eratosthenes; shared by trial division and ROCA.
export function primesBelow(bound: number): number[] {
  const composite = new Uint8Array(bound);
  const out: number[] = [];
  for (let i = 2; i < bound; i++) {
    if (composite[i]) continue;
    out.push(i);
    for (let j = i * i; j < bound; j += i) composite[j] = 1;
  }
  return out;
}
