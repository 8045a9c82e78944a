// Events over time (uPlot bars) for the events loaded so far under the current filters: the
// explorer pages through millions of events, so the chart says which span it covers.
import { useEffect, useRef } from 'react';
import uPlot from 'uplot';
import type { StoredEvent } from '../../api/api-types.ts';

const BUCKETS = 40;

export function bucketize(events: readonly StoredEvent[]): [number[], number[]] {
  const times = events.map((e) => Date.parse(e.time) / 1000).filter(Number.isFinite);
  if (times.length === 0) return [[], []];
  const lo = Math.min(...times);
  const hi = Math.max(...times);
  const width = Math.max(1, (hi - lo) / BUCKETS);
  const xs = Array.from({ length: BUCKETS + 1 }, (_, i) => lo + i * width);
  const ys = xs.map(() => 0);
  for (const t of times) ys[Math.min(BUCKETS, Math.floor((t - lo) / width))]! += 1;
  return [xs, ys];
}

export function EventsHistogram({ events }: { events: readonly StoredEvent[] }) {
  const box = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const el = box.current;
    if (!el || events.length === 0) return;
    const plot = new uPlot(
      {
        width: Math.max(320, el.clientWidth),
        height: 160,
        legend: { show: false },
        scales: { x: { time: true } },
        // The table shows UTC; so does the axis.
        tzDate: (ts) => uPlot.tzDate(new Date(ts * 1000), 'Etc/UTC'),
        axes: [{ stroke: '#1f2933' }, { stroke: '#1f2933', size: 40 }],
        series: [
          {},
          {
            label: 'events',
            fill: '#2f6fab',
            stroke: '#1d4f80',
            paths: uPlot.paths.bars!({ size: [0.9, 40] }),
          },
        ],
      },
      bucketize(events),
      el,
    );
    return () => plot.destroy();
  }, [events]);
  if (events.length === 0) return null;
  const first = events[events.length - 1]!.time;
  const last = events[0]!.time;
  return (
    <figure className="histogram">
      <div
        ref={box}
        role="img"
        aria-label={`Histogram of ${events.length} loaded events from ${first} to ${last}`}
      />
      <figcaption className="muted">
        {events.length} loaded events, {first} – {last}
      </figcaption>
    </figure>
  );
}
