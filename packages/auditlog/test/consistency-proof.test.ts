// Consistency proofs built from stored hashes against the recursive RFC 9162 §2.1.4.1 SUBPROOF
// definition and verified per §2.1.4.2, for every pair 1 <= m <= n <= 300. Tampering (flipped
// bits, wrong sizes or roots, short or long proofs) is checked on a dense sample.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { consistencyProof, consistencyProofPlan, verifyConsistency } from '../src/index.ts';
import {
  MAX,
  flipped,
  reader,
  ref,
  rejects,
  sameHashes,
  sampled,
  withShortStacks,
} from './proof-fixture.ts';

test('consistency proofs for every pair 1 <= m <= n <= 300', () =>
  withShortStacks(() => {
    let proofs = 0;
    for (let size = 1; size <= MAX; size++) {
      const root = ref.mth(0, size);
      for (let from = 1; from <= size; from++) {
        const calls: number[] = [];
        const proof = consistencyProof(from, size, reader(size, calls));
        assert.equal(
          calls.join(),
          consistencyProofPlan(from, size).join(),
          'reads exactly the plan',
        );
        sameHashes(proof, ref.proof(from, size), `PROOF(${from}, D[${size}])`);
        const fromRoot = ref.mth(0, from);
        verifyConsistency(from, size, proof, fromRoot, root);
        proofs++;
        if (!sampled(size, from)) continue;
        verifyConsistency(BigInt(from), BigInt(size), proof, fromRoot, root);
        proof.forEach((_, at) => {
          rejects(
            () =>
              verifyConsistency(
                from,
                size,
                flipped(proof, at, (from * 13 + at) % 256),
                fromRoot,
                root,
              ),
            'CONSISTENCY_PROOF_INVALID',
            'flipped bit',
          );
        });
        for (const wrong of [from - 1, from + 1]) {
          if (wrong >= 1 && wrong <= size) {
            rejects(
              () => verifyConsistency(wrong, size, proof, ref.mth(0, wrong), root),
              'CONSISTENCY_PROOF_INVALID',
              'wrong from',
            );
          }
        }
        for (const wrong of [size - 1, size + 1]) {
          if (wrong >= from && wrong <= MAX) {
            rejects(
              () => verifyConsistency(from, wrong, proof, fromRoot, ref.mth(0, wrong)),
              'CONSISTENCY_PROOF_INVALID',
              'wrong size',
            );
          }
        }
        if (from < size) {
          rejects(
            () => verifyConsistency(from, size, proof, root, root),
            'CONSISTENCY_PROOF_INVALID',
            'wrong old root',
          );
          rejects(
            () => verifyConsistency(from, size, proof.slice(0, -1), fromRoot, root),
            'CONSISTENCY_PROOF_INVALID',
            'short',
          );
        }
        rejects(
          () => verifyConsistency(from, size, [...proof, root], fromRoot, root),
          'CONSISTENCY_PROOF_INVALID',
          'long',
        );
      }
    }
    assert.equal(proofs, (MAX * (MAX + 1)) / 2);
  }));

test('consistency proof ranges outside the tree are PROOF_RANGE_INVALID', () => {
  const none = (): Uint8Array => assert.fail('no read expected');
  for (const [from, size] of [
    [0, 5],
    [6, 5],
    [0, 0],
    [-1, 3],
    [1, 2 ** 60],
  ] as const) {
    rejects(
      () => consistencyProofPlan(from, size),
      'PROOF_RANGE_INVALID',
      `consistency ${from}/${size}`,
    );
  }
  assert.deepEqual(consistencyProofPlan(7, 7), []);
  assert.deepEqual(consistencyProof(7, 7, none), []);
});
