// Thresholds and baselines over the stored series, evaluated after each host's samples arrive.
// Each rule reads the 1-minute rollups, so "for 5 minutes" means five whole minute buckets:
// - CPU saturated: cpu.total average ≥ 95 % in each of the last 5 minutes.
// - Latency high: any *.latency_ms series with a 1-minute max above its limit for 5 minutes
//   (the max of a minute bounds its p95 from above; per-sample p95 would need raw quantiles).
// - Capacity drop: a crypto.*.ops_per_s sample below half the same hour last week (1-hour
//   rollup), or, without a week of history, below half the last 24 hours' mean.
import type { PerfSeriesStore } from '@keywatch/store';

export interface PerfFinding {
  type: 'perf.cpu_saturated' | 'perf.latency_high' | 'perf.capacity_drop';
  metric: string;
  value: number;
  limit: number;
  message: string;
}

export interface PerfLimits {
  cpuSaturatedPct: number;
  latencyMs: number;
  capacityRatio: number;
}

export const DEFAULT_LIMITS: PerfLimits = {
  cpuSaturatedPct: 95,
  latencyMs: 1000,
  capacityRatio: 0.5,
};

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
): Promise<number | undefined> {
  const start = nowMs - (nowMs % MIN) - 4 * MIN;
  const pts = await perf.series(host, metric, 60, start);
  if (pts.length < 5 || !pts.every((p) => pick(p) >= limit)) return undefined;
  return Math.min(...pts.map(pick));
}

export async function evaluate(
  perf: PerfSeriesStore,
  host: string,
  metrics: Record<string, number>,
  nowMs: number,
  limits: PerfLimits = DEFAULT_LIMITS,
): Promise<PerfFinding[]> {
  const out: PerfFinding[] = [];
  if ('cpu.total' in metrics) {
    const v = await sustained(perf, host, 'cpu.total', nowMs, (p) => p.avg, limits.cpuSaturatedPct);
    if (v !== undefined)
      out.push({
        type: 'perf.cpu_saturated',
        metric: 'cpu.total',
        value: v,
        limit: limits.cpuSaturatedPct,
        message: `CPU ≥ ${limits.cpuSaturatedPct}% for 5 minutes on ${host}`,
      });
  }
  for (const [metric, value] of Object.entries(metrics)) {
    if (metric.endsWith('.latency_ms')) {
      const v = await sustained(perf, host, metric, nowMs, (p) => p.max, limits.latencyMs);
      if (v !== undefined)
        out.push({
          type: 'perf.latency_high',
          metric,
          value: v,
          limit: limits.latencyMs,
          message: `${metric} above ${limits.latencyMs} ms for 5 minutes on ${host}`,
        });
    }
    if (metric.startsWith('crypto.') && metric.endsWith('.ops_per_s')) {
      const hourStart = nowMs - (nowMs % HOUR);
      const lastWeek = await perf.series(
        host,
        metric,
        3600,
        hourStart - WEEK,
        hourStart - WEEK + HOUR,
      );
      const base =
        lastWeek[0]?.avg ??
        mean(await perf.series(host, metric, 3600, hourStart - 24 * HOUR, hourStart));
      if (base !== undefined && value < base * limits.capacityRatio)
        out.push({
          type: 'perf.capacity_drop',
          metric,
          value,
          limit: base * limits.capacityRatio,
          message: `${metric} ${value.toFixed(0)} is below half its baseline ${base.toFixed(0)} on ${host}`,
        });
    }
  }
  return out;
}

function mean(pts: { avg: number; count: number }[]): number | undefined {
  const n = pts.reduce((a, p) => a + p.count, 0);
  return n === 0 ? undefined : pts.reduce((a, p) => a + p.avg * p.count, 0) / n;
}
