// Sequence gaps (research note §4, rule 16; PCI DSS 10.3.2): per stream (e.g. one CloudHSM, one
// agent) source.seq must grow by one. A missing range is reported once it is still missing
// `grace` after it was noticed (late, reordered records fill it). A new epoch (CloudHSM reboot
// counter, detail.reboot_counter) restarts the sequence and is not a gap, nor is a drop back to
// at most `reset_max` (a restarted producer); other backward numbers are repeats and ignored.
import type { DetectorHit, DetectorModule } from './detector-types.ts';
import { BoundedMap } from './bounded-map.ts';
import { fieldReader, groupReader, iso } from './field-values.ts';

interface Config {
  stream: string[];
  epoch: string;
  graceMs: number;
  resetMax: number;
  maxRanges: number;
  maxEntries: number;
}

/** A missing range: first, last, noticed at (receipt ms), index of the event that revealed it. */
type Gap = [number, number, number, number];
interface State {
  epoch: string;
  next: number;
  gaps: Gap[];
}

export const sequenceGap: DetectorModule<Config> = {
  parse(s) {
    const c: Config = {
      stream: s.fields('stream', ['source.kind', 'source.host', 'source.agent']),
      epoch: s.str('epoch', 'detail.reboot_counter'),
      graceMs: s.duration('grace', 60_000),
      resetMax: s.int('reset_max', 1, 0, 1_000_000),
      maxRanges: s.int('max_ranges', 64, 1, 10_000),
      maxEntries: s.int('max_entries', 10_000, 1, 1_000_000),
    };
    s.done();
    return c;
  },
  create(c) {
    const stream = groupReader(c.stream);
    const epochOf = fieldReader(c.epoch);
    const states = new BoundedMap<string, State>(c.maxEntries);
    const name = (g: string[]) => g.filter(Boolean).join('/');
    const report = (key: string, st: State, now: number, all: boolean): DetectorHit[] => {
      const due = st.gaps.filter((g) => all || now - g[2] >= c.graceMs);
      if (due.length === 0) return [];
      st.gaps = st.gaps.filter((g) => !due.includes(g));
      const missing = due.reduce((n, g) => n + g[1] - g[0] + 1, 0);
      const ranges = due.map((g) => (g[0] === g[1] ? `${g[0]}` : `${g[0]}-${g[1]}`));
      return [
        {
          group: [key, st.epoch],
          summary: `${missing} record(s) missing from ${key}${st.epoch ? ` (epoch ${st.epoch})` : ''}: seq ${ranges.join(', ')}`,
          eventIndexes: due.map((g) => g[3]),
          fields: { stream: key, epoch: st.epoch, missing, ranges },
          time: iso(now),
        },
      ];
    };
    return {
      onMatch(ctx) {
        const seq = ctx.event.source?.seq;
        if (seq === undefined) return undefined;
        const key = name(stream(ctx));
        const epoch = epochOf(ctx) ?? '';
        const now = ctx.receivedMs;
        let st = states.get(key);
        const hits: DetectorHit[] = [];
        if (st && st.epoch !== epoch) {
          hits.push(...report(key, st, now, true));
          st = undefined;
        }
        if (!st) {
          states.set(key, { epoch, next: seq + 1, gaps: [] });
          return hits.length === 0 ? undefined : hits;
        }
        if (seq >= st.next) {
          if (seq > st.next) st.gaps.push([st.next, seq - 1, now, ctx.event.index]);
          st.next = seq + 1;
          if (st.gaps.length > c.maxRanges)
            hits.push(...report(key, { ...st, gaps: st.gaps.splice(0, 1) }, now, true));
        } else {
          const i = st.gaps.findIndex((g) => seq >= g[0] && seq <= g[1]);
          const g = st.gaps[i];
          if (g) {
            const parts: Gap[] = [];
            if (seq > g[0]) parts.push([g[0], seq - 1, g[2], g[3]]);
            if (seq < g[1]) parts.push([seq + 1, g[1], g[2], g[3]]);
            st.gaps.splice(i, 1, ...parts);
          } else if (seq <= c.resetMax && st.next - 1 > c.resetMax) {
            hits.push(...report(key, st, now, true));
            st.next = seq + 1;
          }
        }
        hits.push(...report(key, st, now, false));
        return hits.length === 0 ? undefined : hits;
      },
      tick(now) {
        const hits: DetectorHit[] = [];
        for (const [key, st] of states.entries()) hits.push(...report(key, st, now, false));
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
