// Use of a key pending deletion (research note §4, rule 10; AWS KMS guide "deleting-keys-
// creating-cloudwatch-alarm"): after a successful key.destroy_scheduled and until it is
// cancelled, carried out or `max_pending` has passed, any use of the key its rule selects
// (crypto.*, successful or not) shows something still depends on a key about to disappear, or
// that the schedule is an attack on availability.
import type { DetectorModule } from './detector-types.ts';
import { BoundedMap } from './bounded-map.ts';
import { iso } from './field-values.ts';

interface Config {
  maxPendingMs: number;
  maxEntries: number;
}

const CLEARS = new Set(['key.destroy_cancelled', 'key.destroy', 'key.purge', 'key.recover']);

export const pendingDeletion: DetectorModule<Config> = {
  parse(s) {
    const c = {
      maxPendingMs: s.duration('max_pending', 30 * 86_400_000),
      maxEntries: s.int('max_entries', 100_000, 1, 10_000_000),
    };
    s.done();
    return c;
  },
  create(c) {
    /** target.id → [scheduled at ms, index of the schedule event, scheduled by] */
    const pending = new BoundedMap<string, [number, number, string]>(c.maxEntries);
    return {
      observe(ctx) {
        const e = ctx.event;
        const id = e.target?.id;
        if (id === undefined || e.outcome !== 'success' || !e.type.startsWith('key.')) return;
        if (e.type === 'key.destroy_scheduled')
          pending.set(id, [ctx.timeMs, e.index, e.actor.id ?? '']);
        else if (CLEARS.has(e.type)) pending.delete(id);
      },
      onMatch(ctx) {
        const id = ctx.event.target?.id;
        const p = id === undefined ? undefined : pending.peek(id);
        if (id === undefined || !p) return undefined;
        const age = ctx.timeMs - p[0];
        if (age > c.maxPendingMs) {
          pending.delete(id);
          return undefined;
        }
        if (age < 0) return undefined;
        const actor = ctx.event.actor.id ?? '';
        return {
          group: [id, actor],
          summary: `${ctx.event.type} (${ctx.event.outcome}) by ${actor} on ${id}, scheduled for destruction at ${iso(p[0])} by ${p[2]}`,
          eventIndexes: [p[1], ctx.event.index],
          fields: { key: id, scheduled_at: iso(p[0]), scheduled_by: p[2] },
          time: ctx.event.time,
        };
      },
      snapshot: () => [...pending.entries()],
      restore(s) {
        pending.clear();
        for (const [k, v] of (s ?? []) as [string, [number, number, string]][]) pending.set(k, v);
      },
      size: () => ({ entries: pending.size, evicted: pending.evicted }),
    };
  },
};
