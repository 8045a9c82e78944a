// Deviation from an identity's or key's own rate (research note §4, rule 22: excessive decrypts
// "above baseline"): events per bucket (default one hour) per group, an exponentially weighted
// moving average of past buckets (empty buckets count as zero), and a hit when the current bucket
// reaches `factor` × the average and at least `min_count`, once per bucket, after
// `learning_buckets` buckets of history.
import type { DetectorModule } from './detector-types.ts';
import { BoundedMap } from './bounded-map.ts';
import { groupReader, joinKey } from './field-values.ts';
import { formatDuration } from '../correlate/timespan.ts';

interface Config {
  group: string[];
  bucketMs: number;
  alpha: number;
  factor: number;
  minCount: number;
  learningBuckets: number;
  maxEntries: number;
}

/** [bucket number, count in it, EWMA of closed buckets, closed buckets seen, hit in this bucket] */
type State = [number, number, number, number, 0 | 1];

export const rateBaseline: DetectorModule<Config> = {
  parse(s) {
    const c: Config = {
      group: s.fields('group', ['actor.id']),
      bucketMs: s.duration('bucket', 3_600_000),
      alpha: s.num('alpha', 0.2, 0.001, 1),
      factor: s.num('factor', 5, 1, 1e6),
      minCount: s.int('min_count', 50, 1, 1e9),
      learningBuckets: s.int('learning_buckets', 24, 1, 100_000),
      maxEntries: s.int('max_entries', 100_000, 1, 10_000_000),
    };
    s.done();
    return c;
  },
  create(c) {
    const group = groupReader(c.group);
    const states = new BoundedMap<string, State>(c.maxEntries);
    return {
      onMatch(ctx) {
        const g = group(ctx);
        const key = joinKey(g);
        const b = Math.floor(ctx.timeMs / c.bucketMs);
        let st = states.get(key);
        if (!st) states.set(key, (st = [b, 0, 0, 0, 0]));
        if (b > st[0]) {
          st[2] = st[3] === 0 ? st[1] : c.alpha * st[1] + (1 - c.alpha) * st[2];
          const empty = Math.min(b - st[0] - 1, 10_000);
          st[2] *= (1 - c.alpha) ** empty;
          st[3] += 1 + empty;
          st[0] = b;
          st[1] = 0;
          st[4] = 0;
        }
        st[1]++;
        const threshold = Math.max(c.factor * st[2], c.minCount);
        if (st[4] === 1 || st[3] < c.learningBuckets || st[1] < threshold) return undefined;
        st[4] = 1;
        return {
          group: g,
          summary: `${st[1]} events in ${formatDuration(c.bucketMs)} for ${c.group.join('/')} "${g.join('/')}", baseline ${st[2].toFixed(1)} (alert at ${c.factor}x, min ${c.minCount})`,
          eventIndexes: [ctx.event.index],
          fields: {
            count: st[1],
            baseline: Number(st[2].toFixed(3)),
            factor: c.factor,
            bucket_start: new Date(b * c.bucketMs).toISOString(),
          },
          time: ctx.event.time,
        };
      },
      snapshot: () => [...states.entries()],
      restore(s) {
        states.clear();
        for (const [k, v] of (s ?? []) as [string, State][]) states.set(k, v);
      },
      size: () => ({ entries: states.size, evicted: states.evicted }),
    };
  },
};
