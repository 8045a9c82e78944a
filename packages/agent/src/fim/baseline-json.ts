// A baseline's JSON text made in small pieces, never whole: 20,000 entries are 20 MB of text, and
// one buffer that size, freed, raises glibc's mmap threshold so that the process's malloc heap
// keeps what the next scans allocate (docs/agents.md, "Running the agent on a host"). The text is exactly
// JSON.stringify's, so hashes and files are the same as before.
import type { FimBaseline } from './fim-baseline.ts';
import { FimState } from './fim-state.ts';

/**
 * JSON.stringify(value) as buffers of at most `step` bytes; a plain object is made per key, a
 * FimState's text entry by entry.
 */
export function jsonChunks(
  value: FimBaseline | FimState | object,
  step: number,
): Generator<Buffer> {
  const pieces =
    value instanceof FimState
      ? value.jsonPieces()
      : objectPieces(value as Record<string, unknown>, true);
  return pieceChunks(pieces, step);
}

/** Pieces of a text as buffers of at most `step` bytes. */
export function* pieceChunks(pieces: Iterable<string>, step: number): Generator<Buffer> {
  let parts: string[] = [];
  let size = 0;
  for (const piece of pieces) {
    const n = Buffer.byteLength(piece);
    if (size > 0 && size + n > step) {
      yield* split(Buffer.from(parts.join('')), step);
      parts = [];
      size = 0;
    }
    parts.push(piece);
    size += n;
  }
  if (size > 0) yield* split(Buffer.from(parts.join('')), step);
}

function* split(b: Buffer, step: number): Generator<Buffer> {
  for (let at = 0; at < b.length; at += step) yield b.subarray(at, at + step);
}

/** One piece per key; with `deep`, an `entries` object inside is made per key too. */
function* objectPieces(o: Record<string, unknown>, deep: boolean): Generator<string> {
  let first = true;
  yield '{';
  for (const key in o) {
    const value = o[key];
    if (value === undefined || typeof value === 'function') continue; // as JSON.stringify does
    yield `${first ? '' : ','}${JSON.stringify(key)}:`;
    first = false;
    if (deep && key === 'entries' && isPlainObject(value))
      yield* objectPieces(value as Record<string, unknown>, false);
    else yield JSON.stringify(value);
  }
  yield '}';
}

function isPlainObject(v: unknown): boolean {
  return v !== null && typeof v === 'object' && !Array.isArray(v) && !('toJSON' in v);
}
