// Attacker-shaped arguments to the proof verifiers: coded errors only, and fast failure.
import { test } from 'node:test';
import { verifyConsistency, verifyInclusion } from '../src/index.ts';
import { ref, rejects } from './proof-fixture.ts';

test('attacker-shaped verification inputs are coded errors, never crashes', () => {
  const leaf = ref.leafHashes[0] as Buffer;
  const root = ref.mth(0, 2);
  const proof = [ref.leafHashes[1] as Buffer];
  const bad: unknown[] = [
    null,
    undefined,
    'x',
    1.5,
    -1,
    2n ** 64n,
    -1n,
    Number.MAX_SAFE_INTEGER + 1,
    {},
    [1],
    [null],
    [Buffer.alloc(31)],
  ];
  for (const b of bad) {
    const cases: Array<() => void> = [
      () => verifyInclusion(b as Uint8Array, 0, 2, proof, root),
      () => verifyInclusion(leaf, b as number, 2, proof, root),
      () => verifyInclusion(leaf, 0, b as number, proof, root),
      () => verifyInclusion(leaf, 0, 2, b as Uint8Array[], root),
      () => verifyInclusion(leaf, 0, 2, proof, b as Uint8Array),
    ];
    for (const run of cases) rejects(run, 'INCLUSION_PROOF_INVALID', String(b));
    const consistencyCases: Array<() => void> = [
      () => verifyConsistency(b as number, 2, proof, leaf, root),
      () => verifyConsistency(1, b as number, proof, leaf, root),
      () => verifyConsistency(1, 2, b as Uint8Array[], leaf, root),
      () => verifyConsistency(1, 2, proof, b as Uint8Array, root),
      () => verifyConsistency(1, 2, proof, leaf, b as Uint8Array),
    ];
    for (const run of consistencyCases) rejects(run, 'CONSISTENCY_PROOF_INVALID', String(b));
  }
  // A huge proof array fails fast instead of being walked.
  const huge = new Array<Buffer>(1_000_000).fill(leaf);
  rejects(() => verifyInclusion(leaf, 0, 2, huge, root), 'INCLUSION_PROOF_INVALID', 'huge');
  rejects(() => verifyConsistency(1, 2, huge, leaf, root), 'CONSISTENCY_PROOF_INVALID', 'huge');
});
