// Sends a baseline to the server in chunks (server fim/baseline-uploads.ts), so a baseline larger
// than one request body still arrives: begin with the size and SHA-256 of its JSON text, append
// base64 chunks of the size the server asks for, commit with the known-good paths (and the
// re-baseline command). The server makes it visible, and records it, only at the commit; a failure
// on the way leaves nothing there, and the caller's next poll begins again.
import { createHash } from 'node:crypto';
import type { AgentContext } from '../agent-module.ts';
import type { FimBaseline } from '../fim/fim-baseline.ts';

const BASE = '/v1/agents/fim/baseline-uploads';

export async function uploadBaseline(
  ctx: AgentContext,
  baseline: FimBaseline,
  commit: { known_good: Record<string, string>; command?: string },
): Promise<unknown> {
  const text = Buffer.from(JSON.stringify(baseline), 'utf8');
  const sha256 = createHash('sha256').update(text).digest('hex');
  const begun = (await ctx.request('POST', BASE, { bytes: text.length, sha256 })) as {
    id: string;
    chunk_bytes: number;
  };
  const step = Math.max(1024, Math.floor(begun.chunk_bytes));
  for (let offset = 0; offset < text.length; offset += step)
    await ctx.request('POST', `${BASE}/${begun.id}/chunks`, {
      offset,
      data: text.subarray(offset, offset + step).toString('base64'),
    });
  return ctx.request('POST', `${BASE}/${begun.id}/commit`, commit);
}
