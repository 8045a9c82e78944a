// The `perf` agent module: a perf.sample event every interval_seconds with host metrics (CPU total
// and per KMS process, memory, load, disk, connections, probe latencies) and, every
// bench_interval_seconds, the crypto capacity figures of a short benchmark run at nice 19. The
// server stores them as time series with rollups and turns thresholds into perf.* events.
import { hostname } from 'node:os';
import type { AgentContext, AgentModule } from '../agent-module.ts';
import { benchInChild } from './crypto-bench-runner.ts';
import { parsePerfPolicy, type PerfPolicy } from './perf-policy.ts';
import { PerfSampler } from './perf-sampler.ts';

export class PerfModule implements AgentModule {
  readonly name = 'perf';
  private timer: NodeJS.Timeout | undefined;
  private round: Promise<void> = Promise.resolve();
  private bench: Record<string, number> = {};
  private lastBenchMs = -Infinity;
  private benching: Promise<void> | undefined;
  private samples = 0;
  private failures = 0;

  async start(ctx: AgentContext, section: unknown): Promise<void> {
    await this.stop();
    const policy = parsePerfPolicy(section);
    const sampler = new PerfSampler(policy);
    const tick = (): void => {
      this.round = this.round.then(() => this.sampleOnce(ctx, policy, sampler));
    };
    this.timer = setInterval(tick, policy.intervalSeconds * 1000);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    this.timer = undefined;
    await this.round;
    await this.benching;
  }

  health(): Record<string, unknown> {
    return { samples: this.samples, failures: this.failures, bench: this.bench };
  }

  private maybeBench(ctx: AgentContext, policy: PerfPolicy): void {
    const due =
      policy.benchIntervalSeconds > 0 &&
      Date.now() - this.lastBenchMs >= policy.benchIntervalSeconds * 1000;
    if (!due || this.benching) return;
    this.lastBenchMs = Date.now();
    this.benching = benchInChild(policy.benchSliceMs)
      .then((b) => {
        this.bench = b;
      })
      .catch((err: unknown) =>
        ctx.log('warn', `perf: crypto benchmark failed: ${(err as Error).message}`),
      )
      .finally(() => {
        this.benching = undefined;
      });
  }

  /** Takes one sample and emits it; figures of a finished benchmark ride along once. */
  async sampleOnce(ctx: AgentContext, policy: PerfPolicy, sampler: PerfSampler): Promise<void> {
    this.maybeBench(ctx, policy);
    const host = hostname();
    try {
      const metrics = { ...(await sampler.sample()), ...this.bench };
      this.bench = {};
      await ctx.emit({
        time: new Date().toISOString(),
        type: 'perf.sample',
        outcome: 'success',
        severity: 'info',
        actor: { id: ctx.agentId, type: 'agent' },
        target: { type: 'host', id: host },
        detail: { host, interval: policy.intervalSeconds, metrics },
      });
      this.samples++;
    } catch (err) {
      this.failures++;
      ctx.log('warn', `perf: sample not spooled: ${(err as Error).message}`);
    }
  }
}
