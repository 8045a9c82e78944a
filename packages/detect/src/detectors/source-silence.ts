// Source silence (research note §4, rule 15; PCI DSS 10.7.2, NIST SP 800-53 AU-5): no event from
// a stream for `factor` × its usual interval (EWMA of inter-arrival gaps by receipt time, after
// `min_samples` gaps) and at least `min_silence`. Streams listed under `expected` are registered
// with a fixed interval and are reported even if they never send. Judged in tick(nowMs) by the
// server's clock; one hit per silence.
import type { DetectorModule } from './detector-types.ts';
import { BoundedMap } from './bounded-map.ts';
import { groupReader, iso } from './field-values.ts';
import { parseDuration } from '../correlate/timespan.ts';

const minutes = (ms: number) => `${Math.max(1, Math.round(ms / 60_000))} min`;
const seconds = (ms: number) => `${Math.max(1, Math.round(ms / 1000))} s`;

interface Config {
  stream: string[];
  factor: number;
  minSilenceMs: number;
  minSamples: number;
  alpha: number;
  expected: Map<string, number>;
  maxEntries: number;
}

/** [last receipt ms, EWMA gap ms, gaps seen, reported (1) or not, last index] */
type State = [number, number, number, 0 | 1, number];

export const sourceSilence: DetectorModule<Config> = {
  parse(s) {
    const expected = new Map<string, number>();
    for (const [k, v] of Object.entries(s.record('expected'))) {
      const ms = parseDuration(v);
      if (ms === undefined) s.fail('expected', `interval of "${k}" must be a duration`);
      expected.set(k, ms!);
    }
    const c: Config = {
      stream: s.fields('stream', ['source.kind', 'source.host', 'source.agent']),
      factor: s.num('factor', 5, 1, 1000),
      minSilenceMs: s.duration('min_silence', 900_000),
      minSamples: s.int('min_samples', 10, 1, 1_000_000),
      alpha: s.num('alpha', 0.1, 0.001, 1),
      expected,
      maxEntries: s.int('max_entries', 10_000, 1, 1_000_000),
    };
    s.done();
    return c;
  },
  create(c) {
    const stream = groupReader(c.stream);
    const states = new BoundedMap<string, State>(c.maxEntries);
    const name = (g: string[]) => g.filter(Boolean).join('/');
    return {
      onMatch(ctx) {
        const key = name(stream(ctx));
        const r = ctx.receivedMs;
        const st = states.get(key);
        if (!st) {
          states.set(key, [r, 0, 0, 0, ctx.event.index]);
          return undefined;
        }
        const gap = r - st[0];
        if (gap >= 0) {
          st[1] = st[2] === 0 ? gap : c.alpha * gap + (1 - c.alpha) * st[1];
          st[2]++;
          st[0] = r;
        }
        st[3] = 0;
        st[4] = ctx.event.index;
        return undefined;
      },
      tick(now) {
        for (const key of c.expected.keys())
          if (!states.peek(key)) states.set(key, [now, 0, 0, 0, -1]);
        const hits = [];
        for (const [key, st] of states.entries()) {
          const usual = c.expected.get(key) ?? (st[2] >= c.minSamples ? st[1] : undefined);
          if (usual === undefined || st[3] === 1) continue;
          const limit = Math.max(c.factor * usual, c.minSilenceMs);
          if (now - st[0] <= limit) continue;
          st[3] = 1;
          hits.push({
            group: [key],
            summary: `no events from ${key} for ${minutes(now - st[0])} (usual interval ${seconds(usual)}, limit ${minutes(limit)})`,
            eventIndexes: st[4] >= 0 ? [st[4]] : [],
            fields: {
              stream: key,
              last_received: iso(st[0]),
              usual_interval_ms: Math.round(usual),
              limit_ms: limit,
            },
            time: iso(now),
          });
        }
        return hits;
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
