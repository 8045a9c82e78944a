// Sends a baseline to the server in chunks (server fim/baseline-uploads.ts), so a baseline larger
// than one request body still arrives: begin with the size and SHA-256 of its JSON text, append
// base64 chunks of at most the size the server allows, commit with the known-good paths (and the
// re-baseline command). The server makes it visible, and records it, only at the commit; a failure
// on the way leaves nothing there, and the caller's next poll begins again.
//
// The text is JSON.stringify(baseline) exactly, made entry by entry twice (once to hash, once to
// send), never whole (fim/baseline-json.ts).
import { createHash } from 'node:crypto';
import type { AgentContext } from '../agent-module.ts';
import { jsonChunks } from '../fim/baseline-json.ts';
import type { FimState } from '../fim/fim-state.ts';

const BASE = '/v1/agents/fim/baseline-uploads';
/** Bytes per request at most, whatever the server would take. */
const MAX_CHUNK = 1024 * 1024;

export async function uploadBaseline(
  ctx: AgentContext,
  baseline: FimState,
  commit: { known_good: Record<string, string>; command?: string },
): Promise<unknown> {
  const hash = createHash('sha256');
  let bytes = 0;
  for (const chunk of jsonChunks(baseline, MAX_CHUNK)) {
    hash.update(chunk);
    bytes += chunk.length;
  }
  const begun = (await ctx.request('POST', BASE, { bytes, sha256: hash.digest('hex') })) as {
    id: string;
    chunk_bytes: number;
  };
  const step = Math.max(1024, Math.min(MAX_CHUNK, Math.floor(begun.chunk_bytes)));
  let offset = 0;
  for (const chunk of jsonChunks(baseline, step)) {
    await ctx.request('POST', `${BASE}/${begun.id}/chunks`, {
      offset,
      data: chunk.toString('base64'),
    });
    offset += chunk.length;
  }
  return ctx.request('POST', `${BASE}/${begun.id}/commit`, commit);
}
