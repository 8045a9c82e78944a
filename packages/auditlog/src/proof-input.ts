// Checks for attacker-controlled proof inputs: sizes and indexes arrive as number or bigint (the
// vectors use 2^64 − 1, which a JS number cannot hold), proof hashes as byte arrays of any shape.
import { HASH_SIZE } from './merkle-hash.ts';

const UINT64_LIMIT = 1n << 64n;

/** The value as a bigint when it is an integer in [0, 2^64), else undefined. */
export function toUint64(value: unknown): bigint | undefined {
  if (typeof value === 'bigint') return value >= 0n && value < UINT64_LIMIT ? value : undefined;
  if (typeof value === 'number' && Number.isSafeInteger(value) && value >= 0) return BigInt(value);
  return undefined;
}

export function isHash(value: unknown): value is Uint8Array {
  return value instanceof Uint8Array && value.length === HASH_SIZE;
}

export function isBytes(value: unknown): value is Uint8Array {
  return value instanceof Uint8Array;
}
