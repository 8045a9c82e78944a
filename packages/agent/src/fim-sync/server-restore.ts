// A restore from the server's known-good store: fetch the bytes by SHA-256 (the server hands them
// only to the agent whose baseline names them), then FimModule.restore writes, applies the
// recorded attributes, verifies and emits fim.restored. A fetch that fails is a fim.restore_failed
// event too, so a restore that never happened is not silent.
import type { AgentContext } from '../agent-module.ts';
import type { FileRecord } from '../fim/file-record.ts';
import { restoreEvent } from '../fim/fim-events.ts';
import type { FimModule } from '../fim/fim-module.ts';
import type { RestoreResult } from '../fim/restore/file-restorer.ts';

export interface KnownGood {
  sha256: string;
  attributes: FileRecord;
}

export async function restoreFromServer(
  ctx: AgentContext,
  fim: FimModule,
  path: string,
  good: KnownGood,
): Promise<RestoreResult> {
  let content: Buffer;
  try {
    const r = (await ctx.request('GET', `/v1/agents/fim/content/${good.sha256}`)) as {
      content: string;
    };
    content = Buffer.from(r.content, 'base64');
  } catch (err) {
    const e = restoreEvent(ctx.agentId, path, { error: String(err) }, false);
    await ctx.emit(e);
    throw err;
  }
  return fim.restore(path, { content, attributes: good.attributes });
}
