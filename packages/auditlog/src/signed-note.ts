// c2sp.org/signed-note: text ending in LF, a blank line, then one or more lines
// "— <key name> base64(4-byte key ID ‖ signature)" (U+2014 EM DASH). The signature covers the text
// including its final LF but not the blank line. Rules follow the spec and Go's note.Open.
import { AuditLogError } from './audit-log-error.ts';
import { bytesEqual } from './merkle-hash.ts';
import type { NoteSigner, NoteVerifier } from './note-keys.ts';
import { isValidKeyName, isValidNoteText } from './note-text.ts';
import { decodeBase64Strict } from './strict-base64.ts';

const SIGNATURE_PREFIX = '\u2014 ';
// The spec requires accepting at least 16; Go's note.Open stops at 100.
const MAX_SIGNATURES = 100;

function malformed(message: string): AuditLogError {
  return new AuditLogError('NOTE_MALFORMED', message);
}

/** Signs `text` (which must end in LF) with every signer, in order. */
export function signNote(text: string, signers: readonly NoteSigner[]): string {
  if (typeof text !== 'string' || !text.endsWith('\n'))
    throw malformed('note text must end with a newline');
  if (!isValidNoteText(text))
    throw malformed('note text may hold no control character but LF, and must be valid Unicode');
  if (signers.length === 0) throw malformed('a note needs at least one signer');
  const message = Buffer.from(text, 'utf8');
  const seen = new Set<string>();
  let note = `${text}\n`;
  for (const signer of signers) {
    if (!isValidKeyName(signer.name) || signer.keyId.length !== 4) {
      throw new AuditLogError(
        'KEY_MALFORMED',
        `invalid signer name or key id: ${JSON.stringify(signer.name)}`,
      );
    }
    const key = `${signer.name}+${signer.keyId.toString('hex')}`;
    if (seen.has(key)) throw malformed(`duplicate signer ${key}`);
    seen.add(key);
    const signature = Buffer.concat([signer.keyId, signer.sign(message)]).toString('base64');
    note += `${SIGNATURE_PREFIX}${signer.name} ${signature}\n`;
  }
  return note;
}

/**
 * Opens a signed note: unknown (name, key ID) pairs are ignored; a known key whose signature fails
 * rejects the note, as does a note without any verified signature (CHECKPOINT_SIGNATURE_INVALID).
 * Structural errors are NOTE_MALFORMED.
 */
export function openNote(
  note: string,
  verifiers: readonly NoteVerifier[],
): { text: string; verifiedBy: string[] } {
  if (typeof note !== 'string') throw malformed('a note must be a string');
  if (!isValidNoteText(note))
    throw malformed(
      'a note may hold no control character but LF (no CR), and must be valid Unicode',
    );
  // The text ends at the last blank line; signature lines cannot be empty.
  const split = note.lastIndexOf('\n\n');
  if (split < 0) throw malformed('no blank line before the signatures');
  const text = note.slice(0, split + 1);
  const block = note.slice(split + 2);
  if (block === '' || !block.endsWith('\n'))
    throw malformed('the signature block must be lines ending in a newline');
  const lines = block.slice(0, -1).split('\n');
  if (lines.length > MAX_SIGNATURES) throw malformed(`more than ${MAX_SIGNATURES} signatures`);
  const message = Buffer.from(text, 'utf8');
  const verifiedBy: string[] = [];
  for (const line of lines) {
    const { name, keyId, signature } = parseSignatureLine(line);
    const known = verifiers.filter((v) => v.name === name && bytesEqual(v.keyId, keyId));
    if (known.length === 0) continue; // MUST ignore signatures from unknown keys
    if (!known.some((v) => v.verify(message, signature))) {
      throw new AuditLogError(
        'CHECKPOINT_SIGNATURE_INVALID',
        `the signature by ${name}+${keyId.toString('hex')} does not verify`,
      );
    }
    if (!verifiedBy.includes(name)) verifiedBy.push(name);
  }
  if (verifiedBy.length === 0) {
    throw new AuditLogError('CHECKPOINT_SIGNATURE_INVALID', 'no signature by a trusted key');
  }
  return { text, verifiedBy };
}

function parseSignatureLine(line: string): { name: string; keyId: Buffer; signature: Buffer } {
  if (!line.startsWith(SIGNATURE_PREFIX)) {
    throw malformed('a signature line must start with U+2014 EM DASH and a space');
  }
  const rest = line.slice(SIGNATURE_PREFIX.length);
  const space = rest.indexOf(' ');
  const name = space < 0 ? rest : rest.slice(0, space);
  const blob = space < 0 ? undefined : decodeBase64Strict(rest.slice(space + 1));
  if (!isValidKeyName(name) || blob === undefined || blob.length < 5) {
    throw malformed('a signature line must be "— <key name> <base64(key id ‖ signature)>"');
  }
  return { name, keyId: blob.subarray(0, 4), signature: blob.subarray(4) };
}
