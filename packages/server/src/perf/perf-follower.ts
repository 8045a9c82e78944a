// Folds agents' perf.sample events (detail.host, detail.metrics: {name: number}) and the durations
// audit events carry (duration-samples.ts: kms.<operation>.latency_ms per vault or host) into the
// time series store, evaluates thresholds and baselines with each host's limits
// (perf-threshold-book.ts), records perf.* events for what crosses them
// (at most one per host and metric every 15 minutes), keeps the latest value of each series for
// the Prometheus exposition, and prunes old rollups now and then (raw 2 days, 1 min 30 days,
// 1 h 400 days).
import type { NativeEvent, StoredEvent } from '@keywatch/protocol';
import type { LogStore, PerfSample } from '@keywatch/store';
import type { Sequencer } from '../sequencer/sequencer.ts';
import { durationSample } from './duration-samples.ts';
import type { PerfThresholdBook } from './perf-threshold-book.ts';
import { evaluate } from './perf-thresholds.ts';
import { newEventId } from '../sequencer/event-id.ts';

const RETENTION: [0 | 60 | 3600, number][] = [
  [0, 2 * 86_400_000],
  [60, 30 * 86_400_000],
  [3600, 400 * 86_400_000],
];
const REPEAT_MS = 15 * 60_000;
const PRUNE_EVERY_MS = 10 * 60_000;

export class PerfFollower {
  readonly latest = new Map<
    string,
    { host: string; metric: string; value: number; tsMs: number }
  >();
  private readonly fired = new Map<string, number>();
  private lastPrune = 0;
  /** Capacity baselines of the current hour (perf-thresholds.ts), dropped when the hour turns. */
  private baselines = { hour: -1, map: new Map<string, number | undefined>() };

  constructor(
    private readonly store: LogStore,
    private readonly sequencer: Sequencer,
    private readonly thresholds: PerfThresholdBook,
  ) {}

  private baselinesAt(nowMs: number): Map<string, number | undefined> {
    const hour = Math.floor(nowMs / 3_600_000);
    if (hour !== this.baselines.hour) this.baselines = { hour, map: new Map() };
    return this.baselines.map;
  }

  /** perf.sample events and events carrying detail.duration_ms, in log order. */
  async apply(events: readonly StoredEvent[]): Promise<void> {
    const samples: PerfSample[] = [];
    const byHost = new Map<string, Record<string, number>>();
    const peaks = new Map<string, Record<string, number>>();
    const agentOf = new Map<string, string>();
    // Each host is judged at its own newest sample: one run may hold a lagging agent's replay.
    const hostNow = new Map<string, number>();
    // No prototype: a metric named __proto__ is just a name.
    const record = (): Record<string, number> => Object.create(null) as Record<string, number>;
    const add = (s: PerfSample, agent: string | undefined): void => {
      samples.push(s);
      hostNow.set(s.host, Math.max(hostNow.get(s.host) ?? -Infinity, s.tsMs));
      const latest = byHost.get(s.host) ?? record();
      latest[s.metric] = s.value;
      byHost.set(s.host, latest);
      const peak = peaks.get(s.host) ?? record();
      peak[s.metric] = Math.max(peak[s.metric] ?? -Infinity, s.value);
      peaks.set(s.host, peak);
      if (agent !== undefined) agentOf.set(s.host, agent);
      const k = `${s.host}\0${s.metric}`;
      if ((this.latest.get(k)?.tsMs ?? -Infinity) <= s.tsMs) this.latest.set(k, { ...s });
    };
    for (const e of events) {
      if (e.type !== 'perf.sample') {
        const s = durationSample(e);
        if (s) add(s, undefined);
        continue;
      }
      const d = (e.detail ?? {}) as { host?: unknown; metrics?: unknown };
      const host = typeof d.host === 'string' ? d.host : e.source?.host;
      if (!host || typeof d.metrics !== 'object' || d.metrics === null) continue;
      const tsMs = Date.parse(e.time);
      for (const [metric, value] of Object.entries(d.metrics as Record<string, unknown>)) {
        if (typeof value !== 'number' || !Number.isFinite(value) || metric.length > 200) continue;
        add({ host, metric, tsMs, value }, e.source?.agent);
      }
    }
    if (samples.length === 0) return;
    const perf = this.store.perf();
    await perf.appendSamples(samples);
    const now = samples.reduce((m, s) => Math.max(m, s.tsMs), -Infinity);
    const out: NativeEvent[] = [];
    for (const [host, metrics] of byHost) {
      const at = hostNow.get(host) ?? now;
      const limits = await this.thresholds.limitsFor(host, agentOf.get(host));
      const opts = { peaks: peaks.get(host) ?? {}, baselines: this.baselinesAt(at) };
      for (const f of await evaluate(perf, host, metrics, at, limits, opts)) {
        const key = `${host}\0${f.type}\0${f.metric}`;
        if (at - (this.fired.get(key) ?? -Infinity) < REPEAT_MS) continue;
        this.fired.set(key, at);
        out.push({
          id: newEventId(),
          time: new Date(at).toISOString(),
          type: f.type,
          outcome: 'success',
          severity: f.type === 'perf.capacity_drop' ? 'high' : 'medium',
          actor: { id: 'keywatch', type: 'service' },
          target: { type: 'host', id: host },
          source: { kind: 'keywatch', host },
          message: f.message,
          detail: { host, metric: f.metric, value: f.value, limit: f.limit },
        });
      }
    }
    if (out.length > 0) await this.sequencer.appendOwn(out.map((e) => ({ ...e, id: e.id! })));
    if (now - this.lastPrune > PRUNE_EVERY_MS) {
      this.lastPrune = now;
      for (const [res, keep] of RETENTION) await perf.prune(res, now - keep);
    }
  }
}
