// At baseline time (first baseline, re-baseline) the agent sends the content of each designated
// file to the server's content-addressed store, then names them in the baseline upload. A file is
// read and re-hashed here: only bytes whose SHA-256 equals the baseline entry's become known-good
// (a file that changed since the scan is left out, and the next re-baseline picks it up).
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { AgentContext } from '../agent-module.ts';
import type { FimState } from '../fim/fim-state.ts';
import type { SyncPolicy } from './sync-policy.ts';

export async function uploadKnownGood(
  ctx: AgentContext,
  baseline: FimState,
  policy: SyncPolicy,
): Promise<Record<string, string>> {
  const knownGood: Record<string, string> = {};
  for (const path of baseline.keys()) {
    if (!policy.isDesignated(path)) continue; // decoded only when designated (fim-state.ts)
    const rec = baseline.get(path)!;
    if (rec.type !== 'file' || rec.sha256 === undefined) continue;
    if (rec.size > policy.maxContentBytes) {
      ctx.log('warn', `known-good: ${path} is above ${policy.maxContentBytes} bytes, not stored`);
      continue;
    }
    let bytes: Buffer;
    try {
      bytes = readFileSync(path);
    } catch (err) {
      ctx.log('warn', `known-good: ${path} not readable: ${(err as Error).message}`);
      continue;
    }
    const sha256 = createHash('sha256').update(bytes).digest('hex');
    if (sha256 !== rec.sha256) {
      ctx.log('warn', `known-good: ${path} changed since the scan, not stored`);
      continue;
    }
    await ctx.request('POST', '/v1/agents/fim/content', {
      sha256,
      content: bytes.toString('base64'),
    });
    knownGood[path] = sha256;
  }
  return knownGood;
}
