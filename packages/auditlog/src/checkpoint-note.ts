// A checkpoint wrapped in a signed note. Opening checks the signature before reading anything from
// the text: an unverified checkpoint must not be parsed, let alone trusted (sigstore-python#248).
import { AuditLogError } from './audit-log-error.ts';
import { formatCheckpoint, parseCheckpoint, type Checkpoint } from './checkpoint-format.ts';
import type { NoteSigner, NoteVerifier } from './note-keys.ts';
import { openNote, signNote } from './signed-note.ts';

export function signCheckpoint(c: Checkpoint, signer: NoteSigner): string {
  return signNote(formatCheckpoint(c), [signer]);
}

/** Signature first, then parse; CHECKPOINT_ORIGIN_MISMATCH when the origin is not `expectedOrigin`. */
export function openCheckpoint(
  note: string,
  verifier: NoteVerifier,
  expectedOrigin?: string,
): Checkpoint {
  const { text } = openNote(note, [verifier]);
  const checkpoint = parseCheckpoint(text);
  if (expectedOrigin !== undefined && checkpoint.origin !== expectedOrigin) {
    throw new AuditLogError(
      'CHECKPOINT_ORIGIN_MISMATCH',
      `the checkpoint is for log ${JSON.stringify(checkpoint.origin)}, not ${JSON.stringify(expectedOrigin)}`,
    );
  }
  return checkpoint;
}
