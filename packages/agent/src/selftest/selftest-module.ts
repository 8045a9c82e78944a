// The `selftest` module: emits `count` synthetic agent.selftest events through the real pipeline
// (spool, shipper, server), to check an installation end to end and for the kill test. Event ids
// are "<agent>:selftest:<n>", so an event re-emitted after a crash is the same event to the server
// (the log holds it once). Progress is kept in <stateDir>/progress after each chunk.
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { AgentContext, AgentModule } from '../agent-module.ts';
import { AgentError } from '../agent-error.ts';

export interface SelftestPolicy {
  count: number;
  /** Emits in flight at once: they share one spool write and fsync (default 500). */
  chunk?: number;
}

export class SelftestModule implements AgentModule {
  readonly name = 'selftest';
  private emitted = 0;
  private target = 0;
  private refused = 0;
  private stopped = false;
  private loop: Promise<void> | undefined;

  start(ctx: AgentContext, policy: unknown): Promise<void> {
    const p = policy as Partial<SelftestPolicy> | null;
    if (!p || typeof p.count !== 'number' || !Number.isSafeInteger(p.count) || p.count < 0)
      throw new AgentError('POLICY_INVALID', 'selftest: count must be a whole number');
    mkdirSync(ctx.stateDir, { recursive: true, mode: 0o700 });
    const file = join(ctx.stateDir, 'progress');
    this.emitted = readProgress(file);
    this.target = p.count;
    this.stopped = false;
    this.loop = this.run(ctx, file, p.chunk ?? 500);
    return Promise.resolve();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    await this.loop;
  }

  health(): Record<string, unknown> {
    return { emitted: this.emitted, target: this.target, refused: this.refused };
  }

  private async run(ctx: AgentContext, file: string, chunk: number): Promise<void> {
    while (!this.stopped && this.emitted < this.target) {
      const from = this.emitted;
      const to = Math.min(this.target, from + chunk);
      const results = await Promise.allSettled(
        Array.from({ length: to - from }, (_, k) =>
          ctx.emit({
            id: `${ctx.agentId}:selftest:${from + k}`,
            time: new Date().toISOString(),
            type: 'agent.selftest',
            outcome: 'success',
            severity: 'debug',
            actor: { id: ctx.agentId, type: 'agent' },
            detail: { n: from + k },
          }),
        ),
      );
      const firstFailed = results.findIndex((r) => r.status === 'rejected');
      if (firstFailed >= 0) {
        // Spool full (or a disk error): keep the durable prefix, retry the rest a little later.
        this.refused += results.filter((r) => r.status === 'rejected').length;
        this.emitted = from + firstFailed;
        await new Promise((r) => setTimeout(r, 200));
      } else this.emitted = to;
      writeFileSync(`${file}.tmp`, String(this.emitted));
      renameSync(`${file}.tmp`, file);
    }
    if (this.emitted >= this.target) ctx.log('info', `emitted ${this.emitted} events`);
  }
}

function readProgress(file: string): number {
  try {
    const n = Number(readFileSync(file, 'utf8'));
    return Number.isSafeInteger(n) && n >= 0 ? n : 0;
  } catch {
    return 0;
  }
}
