// Sends a baseline to the server in chunks (server fim/baseline-uploads.ts), so a baseline larger
// than one request body still arrives: begin with the size and SHA-256 of its JSON text, append
// base64 chunks of at most the size the server allows, commit with the known-good paths (and the
// re-baseline command). The server makes it visible, and records it, only at the commit; a failure
// on the way leaves nothing there, and the caller's next poll begins again.
//
// The text is JSON.stringify(baseline) exactly, but made entry by entry, twice (once to hash, once
// to send), never whole: 20,000 entries are 20 MB of text, and one buffer that size would leave
// the process's malloc heap that much bigger for good (docs/agents.md, "Idle cost").
import { createHash } from 'node:crypto';
import type { AgentContext } from '../agent-module.ts';
import type { FimBaseline } from '../fim/fim-baseline.ts';

const BASE = '/v1/agents/fim/baseline-uploads';
/** Bytes per request at most, whatever the server would take. */
const MAX_CHUNK = 1024 * 1024;

export async function uploadBaseline(
  ctx: AgentContext,
  baseline: FimBaseline,
  commit: { known_good: Record<string, string>; command?: string },
): Promise<unknown> {
  const hash = createHash('sha256');
  let bytes = 0;
  for (const chunk of baselineChunks(baseline, MAX_CHUNK)) {
    hash.update(chunk);
    bytes += chunk.length;
  }
  const begun = (await ctx.request('POST', BASE, { bytes, sha256: hash.digest('hex') })) as {
    id: string;
    chunk_bytes: number;
  };
  const step = Math.max(1024, Math.min(MAX_CHUNK, Math.floor(begun.chunk_bytes)));
  let offset = 0;
  for (const chunk of baselineChunks(baseline, step)) {
    await ctx.request('POST', `${BASE}/${begun.id}/chunks`, {
      offset,
      data: chunk.toString('base64'),
    });
    offset += chunk.length;
  }
  return ctx.request('POST', `${BASE}/${begun.id}/commit`, commit);
}

/** JSON.stringify(baseline) as buffers of at most `step` bytes. */
export function* baselineChunks(baseline: FimBaseline, step: number): Generator<Buffer> {
  let parts: string[] = [];
  let size = 0;
  for (const piece of baselinePieces(baseline)) {
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

/** The text of JSON.stringify(baseline) in small pieces: one per entry. */
function* baselinePieces(baseline: FimBaseline): Generator<string> {
  let first = true;
  yield '{';
  for (const [key, value] of Object.entries(baseline)) {
    if (value === undefined) continue; // as JSON.stringify does
    yield `${first ? '' : ','}${JSON.stringify(key)}:`;
    first = false;
    if (key !== 'entries' || value === null || typeof value !== 'object') {
      yield JSON.stringify(value);
      continue;
    }
    let n = 0;
    yield '{';
    for (const path in value as Record<string, unknown>)
      yield `${n++ > 0 ? ',' : ''}${JSON.stringify(path)}:${JSON.stringify((value as Record<string, unknown>)[path])}`;
    yield '}';
  }
  yield '}';
}
