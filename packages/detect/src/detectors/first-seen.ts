// First seen (research note §4, rules 23 and 24: Elastic "new terms"): a value never seen for its
// group, e.g. a new identity using a key (group target.id, value actor.id) or a new source IP for
// an actor. Nothing is reported while the group (or, with scope global, the detector) is still in
// its learning period; a pair unseen for `retention` counts as new again.
import type { DetectorModule } from './detector-types.ts';
import { BoundedMap } from './bounded-map.ts';
import { fieldReader, groupReader, iso, joinKey } from './field-values.ts';

interface Config {
  group: string[];
  value: string;
  learningMs: number;
  retentionMs: number;
  scope: 'group' | 'global';
  maxEntries: number;
}

export const firstSeen: DetectorModule<Config> = {
  parse(s) {
    const scope = s.str('scope', 'group');
    if (scope !== 'group' && scope !== 'global') s.fail('scope', 'expected group or global');
    const c: Config = {
      group: s.fields('group', ['target.id']),
      value: s.str('value', 'actor.id'),
      learningMs: s.duration('learning', 14 * 86_400_000),
      retentionMs: s.duration('retention', 90 * 86_400_000),
      scope: scope as Config['scope'],
      maxEntries: s.int('max_entries', 200_000, 1, 10_000_000),
    };
    s.done();
    return c;
  },
  create(c) {
    const group = groupReader(c.group);
    const value = fieldReader(c.value);
    const groups = new BoundedMap<string, number>(c.maxEntries);
    const pairs = new BoundedMap<string, number>(c.maxEntries);
    let start: number | undefined;
    return {
      onMatch(ctx) {
        const g = group(ctx);
        const v = value(ctx);
        if (v === undefined || g.every((x) => x === '')) return undefined;
        const t = ctx.timeMs;
        start ??= t;
        const gk = joinKey(g);
        let first = groups.get(gk);
        if (first === undefined) groups.set(gk, (first = t));
        const pk = joinKey([...g, v]);
        const seen = pairs.get(pk);
        pairs.set(pk, Math.max(seen ?? t, t));
        if (seen !== undefined && t - seen <= c.retentionMs) return undefined;
        const learnedAt = (c.scope === 'group' ? first : start) + c.learningMs;
        if (t < learnedAt) return undefined;
        return {
          group: [...g, v],
          summary: `first ${c.value} "${v}" for ${c.group.join('/')} "${g.join('/')}"`,
          eventIndexes: [ctx.event.index],
          fields: {
            group: Object.fromEntries(c.group.map((f, i) => [f, g[i]])),
            [c.value]: v,
            last_seen: seen === undefined ? null : iso(seen),
          },
          time: ctx.event.time,
        };
      },
      snapshot: () => ({ start, groups: [...groups.entries()], pairs: [...pairs.entries()] }),
      restore(s) {
        const st = (s ?? { groups: [], pairs: [] }) as {
          start?: number;
          groups: [string, number][];
          pairs: [string, number][];
        };
        start = st.start;
        groups.clear();
        pairs.clear();
        for (const [k, v] of st.groups) groups.set(k, v);
        for (const [k, v] of st.pairs) pairs.set(k, v);
      },
      size: () => ({ entries: groups.size + pairs.size, evicted: groups.evicted + pairs.evicted }),
    };
  },
};
