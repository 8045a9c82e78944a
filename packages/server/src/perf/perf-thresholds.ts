// Thresholds and baselines over the stored series, evaluated after each host's samples arrive.
// The limits are the host's (perf-limits.ts; built in: 95 %, 1000 ms, half, 5 minutes). "For 5
// minutes" means five minute buckets, the current one included:
// - CPU saturated: cpu.total average ≥ the limit in each of the last 5 minutes (1-minute rollups).
// - Latency high: any *.latency_ms series whose p95 is above the limit in each of the last 5
//   minutes. The 1-minute max bounds the p95 from above, so only when every minute's max is over
//   the limit are that window's raw samples read and each minute's p95 computed (nearest rank).
// - Capacity drop: a crypto.*.ops_per_s sample below half the same hour last week (1-hour
//   rollup), or, without a week of history, below half the last 24 hours' mean.
// The CPU and latency rules are looked at only when a sample at or above the limit arrives (no
// minute can be over the limit without one), and a baseline is read once per host, metric and
// hour: a thousand agents' samples every 10 s cost a few queries, not a dozen per host.
import type { PerfPoint, PerfSeriesStore } from '@keywatch/store';
import { BUILT_IN_LIMITS, type PerfLimits } from './perf-limits.ts';

export interface PerfFinding {
  type: 'perf.cpu_saturated' | 'perf.latency_high' | 'perf.capacity_drop';
  metric: string;
  value: number;
  limit: number;
  message: string;
}

const MIN = 60_000;
const HOUR = 3_600_000;
const WEEK = 7 * 24 * HOUR;

async function sustained(
  perf: PerfSeriesStore,
  host: string,
  metric: string,
  nowMs: number,
  pick: (p: { avg: number; max: number }) => number,
  limit: number,
  minutes: number,
): Promise<number | undefined> {
  const start = nowMs - (nowMs % MIN) - (minutes - 1) * MIN;
  const pts = await perf.series(host, metric, 60, start);
  if (pts.length < minutes || !pts.every((p) => pick(p) >= limit)) return undefined;
  return Math.min(...pts.map(pick));
}

/** Nearest-rank p95 of one minute's raw points (a point holding n samples counts n times). */
function p95(points: PerfPoint[]): number {
  const values = points.flatMap((p) => Array<number>(p.count).fill(p.avg)).sort((a, b) => a - b);
  return values[Math.ceil(0.95 * values.length) - 1] ?? 0;
}

async function latencyP95(
  perf: PerfSeriesStore,
  host: string,
  metric: string,
  nowMs: number,
  limits: PerfLimits,
): Promise<number | undefined> {
  const m = limits.sustainMinutes;
  const maxes = await sustained(perf, host, metric, nowMs, (p) => p.max, limits.latencyMs, m);
  if (maxes === undefined) return undefined;
  const start = nowMs - (nowMs % MIN) - (m - 1) * MIN;
  const byMinute = new Map<number, PerfPoint[]>();
  for (const p of await perf.series(host, metric, 0, start)) {
    const minute = p.tsMs - (p.tsMs % MIN);
    byMinute.set(minute, [...(byMinute.get(minute) ?? []), p]);
  }
  const q = [...byMinute.values()].map(p95);
  // Strictly above: a p95 exactly at the limit is at the limit, not over it.
  return q.length >= m && q.every((v) => v > limits.latencyMs) ? Math.min(...q) : undefined;
}

export async function evaluate(
  perf: PerfSeriesStore,
  host: string,
  metrics: Record<string, number>,
  nowMs: number,
  limits: PerfLimits = BUILT_IN_LIMITS,
  opts: { peaks?: Record<string, number>; baselines?: Map<string, number | undefined> } = {},
): Promise<PerfFinding[]> {
  const out: PerfFinding[] = [];
  const m = limits.sustainMinutes;
  const peak = (metric: string): number => opts.peaks?.[metric] ?? metrics[metric] ?? -Infinity;
  if ('cpu.total' in metrics && peak('cpu.total') >= limits.cpuSaturatedPct) {
    const cpu = limits.cpuSaturatedPct;
    const v = await sustained(perf, host, 'cpu.total', nowMs, (p) => p.avg, cpu, m);
    if (v !== undefined)
      out.push({
        type: 'perf.cpu_saturated',
        metric: 'cpu.total',
        value: v,
        limit: cpu,
        message: `CPU ≥ ${cpu}% for ${m} minutes on ${host}`,
      });
  }
  for (const [metric, value] of Object.entries(metrics)) {
    if (metric.endsWith('.latency_ms') && peak(metric) >= limits.latencyMs) {
      const v = await latencyP95(perf, host, metric, nowMs, limits);
      if (v !== undefined)
        out.push({
          type: 'perf.latency_high',
          metric,
          value: v,
          limit: limits.latencyMs,
          message: `${metric} p95 above ${limits.latencyMs} ms for ${m} minutes on ${host}`,
        });
    }
    if (metric.startsWith('crypto.') && metric.endsWith('.ops_per_s')) {
      const hourStart = nowMs - (nowMs % HOUR);
      const key = `${host}\0${metric}\0${hourStart}`;
      let base = opts.baselines?.get(key);
      if (base === undefined && !opts.baselines?.has(key)) {
        const lastWeek = await perf.series(
          host,
          metric,
          3600,
          hourStart - WEEK,
          hourStart - WEEK + HOUR,
        );
        base =
          lastWeek[0]?.avg ??
          mean(await perf.series(host, metric, 3600, hourStart - 24 * HOUR, hourStart));
        opts.baselines?.set(key, base);
      }
      if (base !== undefined && value < base * limits.capacityRatio)
        out.push({
          type: 'perf.capacity_drop',
          metric,
          value,
          limit: base * limits.capacityRatio,
          message: `${metric} ${value.toFixed(0)} is below ${limits.capacityRatio} of its baseline ${base.toFixed(0)} on ${host}`,
        });
    }
  }
  return out;
}

function mean(pts: { avg: number; count: number }[]): number | undefined {
  const n = pts.reduce((a, p) => a + p.count, 0);
  return n === 0 ? undefined : pts.reduce((a, p) => a + p.avg * p.count, 0) / n;
}
