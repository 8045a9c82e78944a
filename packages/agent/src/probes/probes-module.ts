// The `probes` module (run on a monitoring host): every interval_seconds it runs each HTTP, TCP and
// TLS probe of its policy section and emits one probe.* event per probe, so latency and
// availability are in the log as a series and threshold crossings are failures rules can match.
import type { AgentContext, AgentModule } from '../agent-module.ts';
import { runHttpProbe } from './http-probe.ts';
import { parseProbesPolicy, type ProbesPolicy } from './probe-policy.ts';
import { probeEvent, type ProbeResult } from './probe-result.ts';
import { runTcpProbe } from './tcp-probe.ts';
import { runTlsProbe } from './tls-probe.ts';

export class ProbesModule implements AgentModule {
  readonly name = 'probes';
  private timer: NodeJS.Timeout | undefined;
  private round: Promise<void> = Promise.resolve();
  private readonly last = new Map<string, { ok: boolean; severity: string; at: string }>();
  private rounds = 0;
  private emitFailures = 0;

  async start(ctx: AgentContext, section: unknown): Promise<void> {
    await this.stop();
    const policy = parseProbesPolicy(section);
    const tick = (): void => {
      this.round = this.round.then(() => this.runRound(ctx, policy));
    };
    tick();
    this.timer = setInterval(tick, policy.interval_seconds * 1000);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    this.timer = undefined;
    await this.round;
  }

  health(): Record<string, unknown> {
    return {
      rounds: this.rounds,
      emit_failures: this.emitFailures,
      probes: Object.fromEntries(this.last),
    };
  }

  private async runRound(ctx: AgentContext, policy: ProbesPolicy): Promise<void> {
    const results: ProbeResult[] = await Promise.all([
      ...policy.http.map(runHttpProbe),
      ...policy.tcp.map(runTcpProbe),
      ...policy.tls.map(runTlsProbe),
    ]);
    for (const r of results) {
      this.last.set(`${r.type}:${r.name}`, {
        ok: r.ok,
        severity: r.severity,
        at: new Date().toISOString(),
      });
      try {
        await ctx.emit(probeEvent(ctx.agentId, r));
      } catch (err) {
        this.emitFailures++; // spool full: the spool counts and reports it too
        ctx.log('warn', `probe event not spooled: ${(err as Error).message}`);
      }
    }
    this.rounds++;
  }
}
