// Performance per host: a host picker and a range (1 h, 24 h, 7 d; the server picks the rollup
// from the span: raw, 1-minute or 1-hour buckets), one uPlot chart per metric grouped as CPU,
// load, memory, crypto throughput and latency, and the threshold alerts (perf.*) of that host.
import { useState } from 'react';
import { getJson, query } from '../../api/api-client.ts';
import type { StoredEvent } from '../../api/api-types.ts';
import { ErrorBanner, Field, Loading, Page } from '../../components/ui.tsx';
import { useAsync } from '../../components/use-async.ts';
import { PerfAlerts } from './perf-alerts.tsx';
import { PerfChart, type PerfPoint } from './perf-chart.tsx';
import { groupMetrics } from './perf-groups.ts';

const RANGES = {
  '1h': ['1 hour', 3_600_000],
  '24h': ['24 hours', 86_400_000],
  '7d': ['7 days', 604_800_000],
} as const;
type Range = keyof typeof RANGES;
const ALERT_TYPES = 'perf.cpu_saturated,perf.latency_high,perf.capacity_drop';

async function loadSeries(host: string, metrics: string[], range: Range) {
  const since = new Date(Date.now() - RANGES[range][1]).toISOString();
  const all = await Promise.all(
    metrics.map((metric) =>
      getJson<{ points: PerfPoint[]; resolution: number }>(
        `/v1/perf/series${query({ host, metric, since })}`,
      ),
    ),
  );
  return new Map(metrics.map((m, i) => [m, all[i]!]));
}

export function PerformancePage() {
  const [picked, setHost] = useState('');
  const [range, setRange] = useState<Range>('1h');
  const list = useAsync(
    () => getJson<{ series: { host: string; metric: string }[] }>('/v1/perf/hosts'),
    [],
  );
  const hosts = [...new Set((list.data?.series ?? []).map((s) => s.host))];
  const host = picked || hosts[0] || '';
  const metrics = (list.data?.series ?? []).filter((s) => s.host === host).map((s) => s.metric);
  const series = useAsync(
    async () =>
      host
        ? loadSeries(host, metrics, range)
        : new Map<string, { points: PerfPoint[]; resolution: number }>(),
    [host, range, metrics.join()],
  );
  const alerts = useAsync(
    () =>
      getJson<{ events: StoredEvent[] }>(`/v1/events${query({ type: ALERT_TYPES, limit: 200 })}`),
    [],
  );
  const resolution = [...(series.data?.values() ?? [])][0]?.resolution;
  return (
    <Page title="Performance">
      <form
        className="filters"
        aria-label="Performance filters"
        onSubmit={(e) => e.preventDefault()}
      >
        <Field label="Host">
          <select
            name="host"
            value={host}
            onChange={(e) => setHost(e.target.value)}
            disabled={hosts.length === 0}
          >
            {hosts.map((h) => (
              <option key={h}>{h}</option>
            ))}
          </select>
        </Field>
        <Field label="Range">
          <select name="range" value={range} onChange={(e) => setRange(e.target.value as Range)}>
            {Object.entries(RANGES).map(([k, [label]]) => (
              <option key={k} value={k}>
                last {label}
              </option>
            ))}
          </select>
        </Field>
      </form>
      <ErrorBanner error={list.error ?? series.error ?? alerts.error} />
      {(list.loading || series.loading) && !series.data && <Loading what="performance series" />}
      {list.data && hosts.length === 0 && (
        <p className="muted">
          No performance samples in the last 24 hours: no agent runs the perf module yet.
        </p>
      )}
      {resolution !== undefined && (
        <p className="muted">
          {resolution === 0
            ? 'Raw samples'
            : resolution === 60
              ? '1-minute buckets'
              : '1-hour buckets'}{' '}
          · times in UTC
        </p>
      )}
      <PerfAlerts
        host={host}
        events={alerts.data?.events.filter((e) => !host || e.detail?.['host'] === host)}
      />
      <div className="perf-groups">
        {series.data &&
          groupMetrics(metrics).map((g) => (
            <section key={g.title} aria-label={`${g.title} on ${host}`}>
              <h2>{g.title}</h2>
              <div className="chart-grid">
                {g.metrics.map((m) => (
                  <PerfChart key={m} metric={m} points={series.data?.get(m)?.points ?? []} />
                ))}
              </div>
            </section>
          ))}
      </div>
    </Page>
  );
}
