// Inclusion proofs built from stored hashes against the recursive RFC 9162 §2.1.3.1 PATH
// definition and verified per §2.1.3.2, for every index of every tree size 1..300. Tampering
// (flipped bits, wrong index or size, short or long proofs) is checked on a dense sample.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { inclusionProof, inclusionProofPlan, verifyInclusion } from '../src/index.ts';
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

test('inclusion proofs for every index of every size 1..300', () =>
  withShortStacks(() => {
    let proofs = 0;
    let tampered = 0;
    for (let size = 1; size <= MAX; size++) {
      const root = ref.mth(0, size);
      for (let index = 0; index < size; index++) {
        const calls: number[] = [];
        const proof = inclusionProof(index, size, reader(size, calls));
        assert.equal(
          calls.join(),
          inclusionProofPlan(index, size).join(),
          'reads exactly the plan',
        );
        sameHashes(proof, ref.path(index, 0, size), `PATH(${index}, D[${size}])`);
        const leaf = ref.leafHashes[index] as Buffer;
        verifyInclusion(leaf, index, size, proof, root);
        proofs++;
        if (!sampled(size, index)) continue;
        tampered++;
        verifyInclusion(leaf, BigInt(index), BigInt(size), proof, root);
        proof.forEach((_, at) => {
          rejects(
            () =>
              verifyInclusion(leaf, index, size, flipped(proof, at, (index * 31 + at) % 256), root),
            'INCLUSION_PROOF_INVALID',
            'flipped bit',
          );
        });
        const other = (index + 1) % size;
        if (other !== index) {
          rejects(
            () => verifyInclusion(leaf, other, size, proof, root),
            'INCLUSION_PROOF_INVALID',
            'wrong index',
          );
          rejects(
            () => verifyInclusion(ref.leafHashes[other] as Buffer, other, size, proof, root),
            'INCLUSION_PROOF_INVALID',
            'other leaf',
          );
        }
        // The size is bound to the root by the signed checkpoint: a claim about another tree fails.
        for (const wrong of [size - 1, size + 1]) {
          if (wrong > index && wrong <= MAX) {
            rejects(
              () => verifyInclusion(leaf, index, wrong, proof, ref.mth(0, wrong)),
              'INCLUSION_PROOF_INVALID',
              'wrong size',
            );
          }
        }
        if (proof.length > 0) {
          rejects(
            () => verifyInclusion(leaf, index, size, proof.slice(1), root),
            'INCLUSION_PROOF_INVALID',
            'short',
          );
        }
        rejects(
          () => verifyInclusion(leaf, index, size, [...proof, root], root),
          'INCLUSION_PROOF_INVALID',
          'long',
        );
      }
    }
    assert.equal(proofs, (MAX * (MAX + 1)) / 2);
    assert.ok(tampered > 2500, `only ${tampered} tampering checks`);
  }));

test('inclusion proof ranges outside the tree are PROOF_RANGE_INVALID', () => {
  const none = (): Uint8Array => assert.fail('no read expected');
  for (const [index, size] of [
    [0, 0],
    [5, 5],
    [6, 5],
    [-1, 5],
    [0.5, 5],
    [0, Number.NaN],
  ] as const) {
    rejects(
      () => inclusionProofPlan(index, size),
      'PROOF_RANGE_INVALID',
      `inclusion ${index}/${size}`,
    );
    rejects(
      () => inclusionProof(index, size, none),
      'PROOF_RANGE_INVALID',
      `inclusion ${index}/${size}`,
    );
  }
});
