// Shared fixture for the proof tests: one list of 300 leaves, the RFC 9162 reference over it, and
// the stored hashes a sequencer would have written for it (test/merkle-reference.ts).
import assert from 'node:assert/strict';
import { AuditLogError, MerkleFrontier, storedHashCount } from '../src/index.ts';
import { ReferenceTree } from './merkle-reference.ts';

export const MAX = 300;
export const ref = new ReferenceTree(
  Array.from({ length: MAX }, (_, i) => Buffer.from(`entry #${i}`)),
);
const stored: Buffer[] = [];
const frontier = MerkleFrontier.empty();
for (const h of ref.leafHashes) stored.push(...frontier.append(h));

/** A reader over the hashes that exist at `size`, recording the indexes it is asked for. */
export function reader(size: number, calls: number[]): (i: number) => Uint8Array {
  const limit = storedHashCount(size);
  return (i) => {
    calls.push(i);
    if (i >= limit) assert.fail(`stored hash ${i} does not exist yet at size ${size}`);
    return stored[i] as Buffer;
  };
}

export const flipped = (proof: readonly Buffer[], at: number, bit: number): Buffer[] =>
  proof.map((h, i) => {
    if (i !== at) return h;
    const copy = Buffer.from(h);
    copy[bit >> 3] = (copy[bit >> 3] as number) ^ (1 << (bit & 7));
    return copy;
  });

/** Buffer-list equality, much faster than deepEqual over tens of thousands of proofs. */
export function sameHashes(
  actual: readonly Buffer[],
  expected: readonly Buffer[],
  what: string,
): void {
  if (actual.length !== expected.length || !Buffer.concat(actual).equals(Buffer.concat(expected))) {
    assert.deepEqual(actual, expected, what);
  }
}

export const rejects = (run: () => void, code: string, what: string): void =>
  assert.throws(run, (e: unknown) => e instanceof AuditLogError && e.code === code, what);

// Tampering checks on every case up to this size, then on every 17th index or pair (runtime).
const DENSE = 20;
export const sampled = (size: number, i: number): boolean => size <= DENSE || i % 17 === 3;

/** Runs `fn` with short stack traces: tens of thousands of expected errors are thrown, and capturing full stacks would dominate the runtime. */
export function withShortStacks(fn: () => void): void {
  const limit = Error.stackTraceLimit;
  Error.stackTraceLimit = 1;
  try {
    fn();
  } finally {
    Error.stackTraceLimit = limit;
  }
}
