// Trial division of an RSA modulus by every prime below 10^4. A real modulus is the product of two
// large primes (FIPS 186-5 §A.1), so any small factor means a corrupted or fabricated key. Done as
// one gcd with the product of the primes, then division only when that gcd is not 1.
import { gcd } from '@keywatch/protocol';
import { primesBelow } from './small-primes.ts';

const PRIMES = primesBelow(10_000);
const PRODUCT = PRIMES.reduce((acc, p) => acc * BigInt(p), 1n);

/** The small primes dividing n (empty for a sound modulus). */
export function smallFactors(n: bigint): number[] {
  if (gcd(n, PRODUCT) === 1n) return [];
  return PRIMES.filter((p) => n % BigInt(p) === 0n);
}
