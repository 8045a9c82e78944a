// One series as a uPlot line chart: the average per bucket, and the maximum where the rollup has
// one (1-minute and 1-hour buckets). Times are UTC, like the rest of the view; the figure's text
// alternative gives the span and the latest, lowest and highest values.
import { useEffect, useRef } from 'react';
import uPlot from 'uplot';

export interface PerfPoint {
  t: string;
  avg: number;
  min: number;
  max: number;
  count: number;
}

const fmt = (v: number): string =>
  Math.abs(v) >= 1e6 ? v.toExponential(2) : String(Math.round(v * 100) / 100);

/** 24-hour UTC tick labels; with the date once the span passes a day. */
const utcTicks = (_u: uPlot, splits: number[]): string[] => {
  const span = (splits[splits.length - 1] ?? 0) - (splits[0] ?? 0);
  return splits.map((s) => {
    const iso = new Date(s * 1000).toISOString();
    return span > 86_400 ? `${iso.slice(5, 10)} ${iso.slice(11, 16)}` : iso.slice(11, 16);
  });
};

export function PerfChart({ metric, points }: { metric: string; points: PerfPoint[] }) {
  const box = useRef<HTMLDivElement>(null);
  const rollup = points.some((p) => p.count > 1);
  useEffect(() => {
    const el = box.current;
    if (!el || points.length === 0) return;
    const xs = points.map((p) => Date.parse(p.t) / 1000);
    const series: uPlot.Series[] = [{}, { label: 'avg', stroke: '#1d4f80', width: 2 }];
    const data: uPlot.AlignedData = [xs, points.map((p) => p.avg)];
    if (rollup) {
      series.push({ label: 'max', stroke: '#b35c00', dash: [4, 4] });
      data.push(points.map((p) => p.max));
    }
    const plot = new uPlot(
      {
        width: Math.max(280, el.clientWidth),
        height: 150,
        legend: { show: rollup },
        scales: { x: { time: true } },
        tzDate: (ts) => uPlot.tzDate(new Date(ts * 1000), 'Etc/UTC'),
        axes: [
          { stroke: '#1f2933', values: utcTicks },
          { stroke: '#1f2933', size: 56 },
        ],
        series,
      },
      data,
      el,
    );
    return () => plot.destroy();
  }, [points, rollup]);
  if (points.length === 0)
    return (
      <figure className="perf-chart">
        <figcaption>
          <strong>{metric}</strong>: no samples in this range.
        </figcaption>
      </figure>
    );
  const values = points.map((p) => p.avg);
  const last = values[values.length - 1]!;
  const summary = `latest ${fmt(last)}, lowest ${fmt(Math.min(...values))}, highest ${fmt(Math.max(...points.map((p) => p.max)))}`;
  return (
    <figure className="perf-chart" data-testid="perf-chart">
      <figcaption>
        <strong>{metric}</strong> <span className="muted">{summary}</span>
      </figcaption>
      <div
        ref={box}
        role="img"
        aria-label={`${metric}: ${points.length} points from ${points[0]!.t} to ${points[points.length - 1]!.t}; ${summary}`}
      />
    </figure>
  );
}
