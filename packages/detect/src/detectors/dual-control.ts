// Dual control (research note §4, rules 11 and 17; PCI DSS 3.7.6, 10.2.1.2): an administrative
// key operation its rule selects must carry detail.change_id, and that change must have been
// approved (an event of type change.approved, outcome success, with the same detail.change_id)
// by someone other than the actor, no more than `window` before the operation. Approvals are
// read from every event; reasons: no change id, not approved, approval expired, self-approved.
import type { DetectorModule } from './detector-types.ts';
import { BoundedMap } from './bounded-map.ts';
import { fieldReader, iso } from './field-values.ts';
import { formatDuration } from '../correlate/timespan.ts';

interface Config {
  windowMs: number;
  approvalType: string;
  changeField: string;
  maxEntries: number;
}

/** An approval: approver, time ms, log index. */
type Approval = [string, number, number];

export const dualControl: DetectorModule<Config> = {
  parse(s) {
    const c = {
      windowMs: s.duration('window', 8 * 3_600_000),
      approvalType: s.str('approval_type', 'change.approved'),
      changeField: s.str('change_field', 'detail.change_id'),
      maxEntries: s.int('max_entries', 100_000, 1, 10_000_000),
    };
    s.done();
    return c;
  },
  create(c) {
    const changeOf = fieldReader(c.changeField);
    const approvals = new BoundedMap<string, Approval[]>(c.maxEntries);
    return {
      observe(ctx) {
        const e = ctx.event;
        if (e.type !== c.approvalType || e.outcome !== 'success') return;
        const id = changeOf(ctx);
        if (id === undefined) return;
        const list = (approvals.get(id) ?? []).slice(-7);
        list.push([e.actor.id ?? '', ctx.timeMs, e.index]);
        approvals.set(id, list);
      },
      onMatch(ctx) {
        const e = ctx.event;
        const actor = e.actor.id ?? '';
        const change = changeOf(ctx);
        const all = change === undefined ? [] : (approvals.peek(change) ?? []);
        const timely = all.filter(([, t]) => t <= ctx.timeMs && ctx.timeMs - t <= c.windowMs);
        const others = timely.filter(([who]) => who !== '' && who !== actor);
        if (others.length > 0) return undefined;
        const reason =
          change === undefined
            ? 'no change id'
            : all.length === 0
              ? 'change not approved'
              : timely.length === 0
                ? `no approval within ${formatDuration(c.windowMs)} before the operation`
                : 'approved only by the actor (self-approval)';
        return {
          group: [actor, change ?? '', e.target?.id ?? ''],
          summary: `${e.type} by ${actor} on ${e.target?.id ?? '?'} without dual control: ${reason}`,
          eventIndexes: [...all.map(([, , i]) => i), e.index],
          fields: {
            reason,
            change_id: change ?? null,
            approvers: all.map(([who, t]) => ({ who, at: iso(t) })),
          },
          time: e.time,
        };
      },
      snapshot: () => [...approvals.entries()],
      restore(s) {
        approvals.clear();
        for (const [k, v] of (s ?? []) as [string, Approval[]][]) approvals.set(k, v);
      },
      size: () => ({ entries: approvals.size, evicted: approvals.evicted }),
    };
  },
};
