// The whole-log verification behind `keywatch verify`: streams every leaf, re-hashes it, rebuilds
// the tree, checks the latest signed checkpoint, every other checkpoint the source holds (a second
// history signed by the same key is a fork), any consistency proofs, and consistency with the last
// checkpoint verified before (state). Each failure is an AuditLogError naming the first bad index.
import {
  AuditLogError,
  LogVerifier,
  openCheckpoint,
  parseVerifierKey,
  verifyConsistency,
} from '@keywatch/auditlog';
import type { VerifiedLog } from './verify-state.ts';
import type { CheckpointEntry, LogSource } from './log-sources/log-source.ts';

export interface VerifyOptions {
  source: LogSource;
  /** A verifier key the user passed (--key): wins over the state and the source. */
  pinnedKey?: string;
  /** What this verifier accepted last time for this log. */
  previous?: VerifiedLog;
  onProgress?: (done: number, total: number) => void;
}

export interface VerifyOutcome {
  origin: string;
  verifierKey: string;
  size: number;
  root: string;
  checkpointsChecked: number;
}

export async function verifyLog(opts: VerifyOptions): Promise<VerifyOutcome> {
  const { source } = opts;
  const verifierKey = opts.pinnedKey ?? opts.previous?.verifierKey ?? (await source.verifierKey());
  const verifier = parseVerifierKey(verifierKey);
  const note = await source.checkpoint();
  const latest = openCheckpoint(note, verifier);
  const trusted = opts.previous && {
    size: opts.previous.size,
    root: Buffer.from(opts.previous.root, 'base64'),
  };
  const lv = new LogVerifier({ verifierKey, origin: verifier.name, ...(trusted && { trusted }) });
  const roots = new Map<number, Buffer>();
  const others = source.checkpoints()[Symbol.asyncIterator]();
  let pending: CheckpointEntry | undefined = (await others.next()).value as
    CheckpointEntry | undefined;
  let checked = 0;

  /** Step verifyStoredCheckpoint: each checkpoint of size == leaves so far must match the rebuilt root. */
  const checkPending = async (): Promise<void> => {
    while (pending && pending.size <= lv.size) {
      if (pending.size === lv.size) {
        const cp = openCheckpoint(pending.note, verifier, verifier.name);
        const root = lv.root();
        if (!cp.root.equals(root)) {
          throw new AuditLogError(
            'LOG_FORKED',
            `a signed checkpoint of size ${cp.size} has a root that the leaves do not give`,
            {
              index: cp.size - 1,
            },
          );
        }
        roots.set(cp.size, root);
        checked++;
      }
      pending = (await others.next()).value as CheckpointEntry | undefined;
    }
  };

  let done = 0;
  for await (const leaf of source.leaves(0, latest.size)) {
    lv.addLeaf(leaf);
    if (pending && pending.size === lv.size) await checkPending();
    if (++done % 10_000 === 0) opts.onProgress?.(done, latest.size);
  }
  await checkPending();
  opts.onProgress?.(done, latest.size);
  const result = lv.finish(note);
  roots.set(result.size, result.root);
  if (source.consistencyProofs) {
    for await (const p of source.consistencyProofs()) {
      const from = roots.get(p.from);
      const to = roots.get(p.treeSize);
      if (!from || !to) {
        throw new AuditLogError(
          'CONSISTENCY_PROOF_INVALID',
          `no verified checkpoint for sizes ${p.from} and ${p.treeSize}`,
        );
      }
      verifyConsistency(
        p.from,
        p.treeSize,
        p.hashes.map((h) => Buffer.from(h, 'base64')),
        from,
        to,
      );
    }
  }
  return {
    origin: verifier.name,
    verifierKey,
    size: result.size,
    root: result.root.toString('base64'),
    checkpointsChecked: checked + 1,
  };
}
