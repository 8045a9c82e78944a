// Carries out one command from the server's queue and reports its outcome. Re-baseline: a full
// scan that re-hashes everything (changes since the last scan are still reported first), then the
// resulting state goes up as the new baseline against the command (which completes it). Restore:
// the known-good bytes by hash with the recorded attributes; FimModule verifies and emits events.
import type { AgentContext } from '../agent-module.ts';
import type { FileRecord } from '../fim/file-record.ts';
import type { FimState } from '../fim/fim-state.ts';
import type { FimModule } from '../fim/fim-module.ts';
import type { KnownGood } from './server-restore.ts';
import type { RestoreResult } from '../fim/restore/file-restorer.ts';

export interface FimCommand {
  id: string;
  kind: 'rebaseline' | 'restore';
  path: string | null;
  requested_by: string;
  sha256?: string;
  attributes?: FileRecord;
}

export interface CommandHost {
  ctx: AgentContext;
  scanner: FimModule;
  upload(b: FimState, command: string): Promise<void>;
  restore(path: string, good: KnownGood, cause: Record<string, unknown>): Promise<RestoreResult>;
}

async function report(ctx: AgentContext, id: string, ok: boolean, result: unknown): Promise<void> {
  await ctx.request('POST', `/v1/agents/fim/commands/${id}/result`, { ok, result });
}

export async function runCommand(c: FimCommand, host: CommandHost): Promise<void> {
  const { ctx, scanner } = host;
  if (c.kind === 'rebaseline') {
    try {
      const current = scanner.getBaseline();
      if (current) await scanner.setBaseline(current); // makes the next scan re-hash everything
      await scanner.scanNow();
      const b = scanner.getBaseline();
      if (!b) throw new Error('no baseline after the scan');
      await host.upload(b, c.id);
      ctx.log('info', `re-baselined (command ${c.id}, requested by ${c.requested_by})`);
    } catch (err) {
      await report(ctx, c.id, false, { error: String(err) });
    }
    return;
  }
  if (c.path === null || c.sha256 === undefined || c.attributes === undefined) {
    await report(ctx, c.id, false, { error: 'restore command without path, hash or attributes' });
    return;
  }
  try {
    const r = await host.restore(
      c.path,
      { sha256: c.sha256, attributes: c.attributes },
      { trigger: 'command', command: c.id, requested_by: c.requested_by },
    );
    await report(ctx, c.id, true, { sha256: r.sha256, verified: true });
  } catch (err) {
    await report(ctx, c.id, false, { error: String(err) });
  }
}
