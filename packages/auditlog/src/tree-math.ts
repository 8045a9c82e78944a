// Integer helpers for tree sizes and indexes held in JS numbers. Sizes stay below 2^53, so plain
// arithmetic is exact; bit operators (32-bit) are avoided on purpose.
import { AuditLogError } from './audit-log-error.ts';

const TWO_32 = 2 ** 32;

/** floor(log2(n)) for 1 <= n <= 2^53. */
export function floorLog2(n: number): number {
  const high = Math.floor(n / TWO_32);
  return high > 0 ? 63 - Math.clz32(high) : 31 - Math.clz32(n);
}

/** The largest power of two strictly below n (n >= 2): the RFC 9162 §2.1.1 split point k. */
export function largestPowerOfTwoBelow(n: number): number {
  return 2 ** floorLog2(n - 1);
}

/** Throws PROOF_RANGE_INVALID unless `value` is an integer in [0, 2^53). */
export function requireTreeInteger(value: number, what: string): void {
  if (!Number.isSafeInteger(value) || value < 0) {
    throw new AuditLogError(
      'PROOF_RANGE_INVALID',
      `${what} must be a non-negative integer, got ${String(value)}`,
    );
  }
}
