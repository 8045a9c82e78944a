// Leaves are the RFC 8785 (JCS) canonical JSON bytes of the stored event (DESIGN.md, Formats), so
// any verifier can re-derive them: reading a leaf checks that its bytes are exactly that form.
import type { StoredEvent } from '@keywatch/protocol';
import { AuditLogError } from './audit-log-error.ts';
import { scanCanonicalObject } from './canonical-scan.ts';
import { jcsSerialize } from './jcs-serialize.ts';

// fatal: invalid UTF-8 is an error, not U+FFFD; ignoreBOM: a BOM stays in the text (and fails).
const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
const REQUIRED_STRINGS = ['id', 'type', 'time', 'received'] as const;

/** UTF-8 bytes of the RFC 8785 form of `event`; LEAF_MALFORMED when it has none (NaN, lone surrogates, …). */
export function canonicalLeaf(event: object): Buffer {
  try {
    return Buffer.from(jcsSerialize(event), 'utf8');
  } catch (cause) {
    throw new AuditLogError(
      'LEAF_MALFORMED',
      `the event has no RFC 8785 form: ${(cause as Error).message}`,
      { cause },
    );
  }
}

/** JSON.parse plus shape checks; LEAF_MALFORMED (index: the leaf position, when known). */
export function decodeLeaf(
  bytes: Uint8Array,
  position?: number,
): { event: StoredEvent; text: string } {
  if (!(bytes instanceof Uint8Array)) throw malformed(position, 'not bytes');
  let text: string;
  let value: unknown;
  try {
    text = utf8.decode(bytes);
    value = JSON.parse(text);
  } catch (cause) {
    throw malformed(position, 'not UTF-8 JSON', cause);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    throw malformed(position, 'not a JSON object');
  const record = value as Record<string, unknown>;
  if (typeof record.index !== 'number' || !Number.isSafeInteger(record.index) || record.index < 0) {
    throw malformed(position, 'no numeric "index"');
  }
  for (const field of REQUIRED_STRINGS) {
    if (typeof record[field] !== 'string') throw malformed(position, `no string "${field}"`);
  }
  return { event: value as StoredEvent, text };
}

// A module function, not a closure per call: the detection thread decodes every committed leaf.
function malformed(position: number | undefined, why: string, cause?: unknown): AuditLogError {
  return new AuditLogError(
    'LEAF_MALFORMED',
    `leaf${position === undefined ? '' : ` ${position}`}: ${why}`,
    {
      ...(position !== undefined && { index: position }),
      ...(cause !== undefined && { cause }),
    },
  );
}

/** LEAF_NOT_CANONICAL unless `text` (the leaf's bytes, decoded) is exactly the RFC 8785 form of `event`. */
export function requireCanonical(event: StoredEvent, text: string, position?: number): void {
  let canonical: string | undefined;
  try {
    canonical = jcsSerialize(event);
  } catch {
    canonical = undefined; // e.g. "\ud800" or 1e400: valid JSON, but not I-JSON
  }
  // Comparing strings is comparing bytes here: `text` came from a fatal UTF-8 decode.
  if (canonical !== text) {
    throw new AuditLogError(
      'LEAF_NOT_CANONICAL',
      `leaf${position === undefined ? '' : ` ${position}`}: its bytes are not the RFC 8785 form of its JSON`,
      position === undefined ? undefined : { index: position },
    );
  }
}

/** JSON.parse; LEAF_MALFORMED if not an event object, LEAF_NOT_CANONICAL if not byte-identical to its RFC 8785 form. */
export function parseLeaf(bytes: Uint8Array): StoredEvent {
  const { event, text } = decodeLeaf(bytes);
  requireCanonical(event, text);
  return event;
}

/**
 * True when `bytes` is a canonical leaf (UTF-8, RFC 8785, an event object with a numeric index,
 * the required strings) that names `position`: checked in one pass by canonical-scan.ts. False
 * says nothing: the caller runs the full checks, which give the precise error.
 */
export function isCanonicalLeafAt(bytes: Uint8Array, position: number): boolean {
  let text: string;
  try {
    text = utf8.decode(bytes);
  } catch {
    return false;
  }
  return isCanonicalLeafTextAt(text, position);
}

/** isCanonicalLeafAt for a leaf whose bytes were already decoded without loss. */
export function isCanonicalLeafTextAt(text: string, position: number): boolean {
  const leaf = scanCanonicalObject(text);
  if (leaf === undefined || leaf.index !== position || !Number.isSafeInteger(leaf.index))
    return false;
  for (const field of REQUIRED_STRINGS) if (!leaf.strings.has(field)) return false;
  return true;
}
