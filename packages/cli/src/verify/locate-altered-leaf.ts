// When the leaves since the last verified checkpoint do not give the next signed root, some leaf
// in that range was altered after it was logged. The source's own inclusion proofs (built from the
// Merkle hashes it stored at append time) name it: the altered leaf is the one whose re-computed
// hash is not included in the signed root. Without proofs (a bundle) the range is reported.
import { AuditLogError, verifyInclusion } from '@keywatch/auditlog';
import type { LogSource } from '../log-sources/log-source.ts';

/** Beyond this many leaves the search would take too long: the range is reported instead. */
export const MAX_LOCATE = 20_000;

export async function locateAlteredLeaf(
  source: LogSource,
  from: number,
  hashes: readonly Buffer[] | undefined,
  size: number,
  root: Buffer,
): Promise<AuditLogError> {
  const range = new AuditLogError(
    'ROOT_MISMATCH',
    `the leaves ${from}…${size - 1} do not give the root signed for size ${size}: one of them was altered`,
    { index: from },
  );
  if (!source.inclusionProof || hashes === undefined || hashes.length !== size - from) return range;
  let firstBad: number | undefined;
  let anyGood = false;
  for (let i = 0; i < hashes.length && (firstBad === undefined || !anyGood); i++) {
    const index = from + i;
    let proof: Uint8Array[];
    try {
      proof = await source.inclusionProof(index, size);
    } catch {
      return range;
    }
    try {
      verifyInclusion(hashes[i]!, index, size, proof, root);
      anyGood = true;
    } catch {
      firstBad ??= index;
    }
  }
  if (firstBad === undefined) return range;
  if (!anyGood && hashes.length > 1) {
    // Not one leaf fits: the checkpoint itself commits to another history, signed by the log's key.
    return new AuditLogError(
      'LOG_FORKED',
      `the checkpoint signed for size ${size} commits to another history: none of the leaves ${from}…${size - 1} is included in its root (a fork signed by the log's key)`,
      { index: from },
    );
  }
  return new AuditLogError(
    'ROOT_MISMATCH',
    `leaf ${firstBad} is not the leaf that was logged: its hash is not included in the root signed for size ${size} (the leaves ${from}…${size - 1} do not give that root)`,
    { index: firstBad },
  );
}
