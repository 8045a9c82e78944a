// The named steps of whole-log verification (log-verifier.ts). Each is small, checks one thing and
// throws a coded AuditLogError naming the leaf position when there is one.
import type { StoredEvent } from '@keywatch/protocol';
import { AuditLogError } from './audit-log-error.ts';
import { requireCanonical } from './canonical-leaf.ts';
import { parseCheckpoint, type Checkpoint } from './checkpoint-format.ts';
import { checkGenesis } from './genesis-entry.ts';
import { bytesEqual } from './merkle-hash.ts';
import type { NoteVerifier } from './note-keys.ts';
import { openNote } from './signed-note.ts';

/** The last checkpoint a verifier accepted before (state file). */
export interface TrustedState {
  size: number;
  root: Buffer;
}

/** A leaf names its own position, so deleted, inserted or swapped leaves fail before any hashing. */
export function verifyLeafPosition(event: StoredEvent, position: number): void {
  if (event.index !== position) {
    throw new AuditLogError(
      'LEAF_INDEX_MISMATCH',
      `leaf ${position} says it is leaf ${event.index}`,
      { index: position },
    );
  }
}

export function verifyLeafCanonical(event: StoredEvent, text: string, position: number): void {
  requireCanonical(event, text, position);
}

export function verifyGenesis(event: StoredEvent, origin: string, verifierKey: string): void {
  checkGenesis(event, { origin, verifierKey });
}

/** When the rebuilt tree reaches the trusted size, its root must be the trusted root. */
export function verifyTrustedRoot(
  size: number,
  root: Buffer,
  trusted: TrustedState | undefined,
): void {
  if (trusted !== undefined && size === trusted.size && !bytesEqual(root, trusted.root)) {
    throw new AuditLogError(
      'LOG_FORKED',
      `the first ${size} leaves do not give the root this verifier accepted before: the log's history changed`,
      { index: size - 1 },
    );
  }
}

/** Signature first: nothing in an unverified note is read. */
export function verifyCheckpointSignature(note: string, verifier: NoteVerifier): Checkpoint {
  return parseCheckpoint(openNote(note, [verifier]).text);
}

export function verifyCheckpointOrigin(checkpoint: Checkpoint, origin: string): void {
  if (checkpoint.origin !== origin) {
    throw new AuditLogError(
      'CHECKPOINT_ORIGIN_MISMATCH',
      `the checkpoint is for log ${JSON.stringify(checkpoint.origin)}, not ${JSON.stringify(origin)}`,
    );
  }
}

export function verifyCheckpointSize(checkpoint: Checkpoint, leaves: number): void {
  if (checkpoint.size === 0) {
    throw new AuditLogError(
      'CHECKPOINT_SIZE_MISMATCH',
      'a checkpoint of size 0 is never signed (leaf 0 is the genesis entry)',
      {
        index: 0,
      },
    );
  }
  if (checkpoint.size !== leaves) {
    const missing = checkpoint.size > leaves;
    throw new AuditLogError(
      'CHECKPOINT_SIZE_MISMATCH',
      missing
        ? `the checkpoint covers ${checkpoint.size} leaves but the log has ${leaves}: leaves from ${leaves} on are missing`
        : `the log has ${leaves} leaves but the checkpoint covers ${checkpoint.size}: leaves from ${checkpoint.size} on are not signed`,
      { index: Math.min(leaves, checkpoint.size) },
    );
  }
}

export function verifyCheckpointRoot(checkpoint: Checkpoint, root: Buffer): void {
  if (!bytesEqual(checkpoint.root, root)) {
    throw new AuditLogError(
      'ROOT_MISMATCH',
      `the ${checkpoint.size} leaves do not hash to the signed root: a leaf was altered`,
    );
  }
}

export function verifyNotTruncated(
  checkpoint: Checkpoint,
  trusted: TrustedState | undefined,
): void {
  if (trusted !== undefined && checkpoint.size < trusted.size) {
    throw new AuditLogError(
      'LOG_TRUNCATED',
      `the log has ${checkpoint.size} leaves, fewer than the ${trusted.size} this verifier accepted before`,
      { index: checkpoint.size },
    );
  }
}
