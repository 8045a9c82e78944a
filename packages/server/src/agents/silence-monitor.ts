// Marks agents silent when no heartbeat arrived for `silentAfterMs` (an agent.silent event, once
// per silence: the store's flag changes for exactly one caller); the next heartbeat records
// agent.recovered (agent-service.ts). Revoked agents are not watched.
import type { LogStore } from '@keywatch/store';
import type { Sequencer } from '../sequencer/sequencer.ts';
import { agentEvent } from './agent-events.ts';

export interface AgentSettings {
  /** An agent with no heartbeat for this long is marked silent (an agent.silent event). */
  silentAfterMs?: number;
  /** How often the silence check runs (default: a quarter of silentAfterMs, at most 10 s). */
  checkEveryMs?: number;
}

export const DEFAULT_SILENT_AFTER_MS = 120_000;

export class SilenceMonitor {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> = Promise.resolve();
  private readonly silentAfterMs: number;
  private readonly everyMs: number;

  constructor(
    private readonly store: LogStore,
    private readonly sequencer: Sequencer,
    settings: AgentSettings,
    private readonly now: () => number,
  ) {
    this.silentAfterMs = settings.silentAfterMs ?? DEFAULT_SILENT_AFTER_MS;
    this.everyMs = settings.checkEveryMs ?? Math.min(10_000, Math.max(100, this.silentAfterMs / 4));
  }

  start(): void {
    this.timer = setInterval(() => {
      this.running = this.running
        .then(() => this.check())
        .catch((err: unknown) => {
          process.emitWarning(`keywatch agent silence check: ${(err as Error).message}`);
        });
    }, this.everyMs);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    await this.running;
  }

  async check(): Promise<void> {
    const now = this.now();
    const agents = this.store.agents();
    for (const a of await agents.listAgents()) {
      if (a.revokedMs !== null || a.silent) continue;
      const seen = a.lastSeenMs ?? a.enrolledMs;
      if (now - seen < this.silentAfterMs) continue;
      if (!(await agents.setSilent(a.id, true))) continue;
      await this.sequencer.record(
        agentEvent('agent.silent', a, undefined, {
          severity: 'high',
          message: `agent ${a.name} sent no heartbeat for ${Math.round((now - seen) / 1000)} s`,
          detail: {
            last_heartbeat: new Date(seen).toISOString(),
            silent_after_ms: this.silentAfterMs,
          },
        }),
      );
    }
  }
}
