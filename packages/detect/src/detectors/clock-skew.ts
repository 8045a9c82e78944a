// Clock skew between a source and the server (research note §4, rule 29; PCI DSS 10.6): event
// time ahead of receipt by more than `ahead`, or behind by more than `behind` (a larger default:
// spooled agents deliver late on purpose). One hit when a stream becomes skewed; it must come
// back within bounds before it is reported again.
import type { DetectorModule } from './detector-types.ts';
import { BoundedMap } from './bounded-map.ts';
import { groupReader, joinKey } from './field-values.ts';
import { formatDuration } from '../correlate/timespan.ts';

interface Config {
  aheadMs: number;
  behindMs: number;
  stream: string[];
  maxEntries: number;
}

export const clockSkew: DetectorModule<Config> = {
  parse(s) {
    const c: Config = {
      aheadMs: s.duration('ahead', 120_000),
      behindMs: s.duration('behind', 3_600_000),
      stream: s.fields('stream', ['source.kind', 'source.host', 'source.agent']),
      maxEntries: s.int('max_entries', 100_000, 1, 10_000_000),
    };
    s.done();
    return c;
  },
  create(c) {
    const stream = groupReader(c.stream);
    const skewed = new BoundedMap<string, 1>(c.maxEntries);
    return {
      onMatch(ctx) {
        const d = ctx.timeMs - ctx.receivedMs;
        const dir = d > c.aheadMs ? 'ahead' : -d > c.behindMs ? 'behind' : undefined;
        if (!dir && skewed.size === 0) return undefined;
        const g = stream(ctx);
        const key = joinKey(g);
        if (!dir) {
          skewed.delete(key);
          return undefined;
        }
        if (skewed.get(key)) return undefined;
        skewed.set(key, 1);
        return {
          group: g,
          summary: `clock of ${g.filter(Boolean).join('/')} is ${formatDuration(Math.abs(Math.round(d / 1000)) * 1000 || 1000)} ${dir} of the server (limit ${formatDuration(dir === 'ahead' ? c.aheadMs : c.behindMs)})`,
          eventIndexes: [ctx.event.index],
          fields: {
            skew_ms: d,
            direction: dir,
            event_time: ctx.event.time,
            received: ctx.event.received,
          },
          time: ctx.event.received,
        };
      },
      snapshot: () => [...skewed.entries()].map(([k]) => k),
      restore(s) {
        skewed.clear();
        for (const k of (s ?? []) as string[]) skewed.set(k, 1);
      },
      size: () => ({ entries: skewed.size, evicted: skewed.evicted }),
    };
  },
};
