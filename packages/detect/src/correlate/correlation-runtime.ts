// Window state of one correlation rule (Sigma correlation rules specification v2.0). Time is the
// event time. Rising conditions (gt, gte) are checked on every event over a sliding window and
// fire as soon as they hold; the group then starts afresh, so one burst makes one firing. Other
// conditions (lt, lte, eq, neq) are judged when a window (opened by a group's first event) closes,
// on a later event or in tick(nowMs). Bounds: at most `maxGroups` groups (least recently used
// evicted), per group at most the threshold's worth of times or distinct values, and at most
// MAX_INDEXES log indexes kept as evidence.
import type { Accessor, Doc } from '../fields/field-doc.ts';
import type { EventContext } from '../engine/event-context.ts';
import type { CorrelationRule, Rule } from '../rule/rule-types.ts';
import { scalarText } from '../match/scalar-value.ts';
import { BoundedMap } from '../detectors/bounded-map.ts';
import { conditionHolds, risingOnly } from './correlation-spec.ts';
import {
  countEvidence,
  stepCount,
  stepOrdered,
  stepTemporal,
  stepValues,
} from './correlation-steps.ts';
import type { GroupState } from './correlation-steps.ts';

export const MAX_INDEXES = 64;

export interface Firing {
  group: string[];
  count: number;
  eventIndexes: number[];
  time: string;
  /** The event that completed the correlation and the document it matched as. */
  ctx: EventContext | undefined;
  doc: Doc | undefined;
  accessor: ((field: string) => Accessor) | undefined;
}

export class CorrelationRuntime {
  readonly groups: BoundedMap<string, GroupState>;
  private readonly rising: boolean;
  private readonly positions: Map<string, number[]>;

  constructor(
    readonly rule: CorrelationRule,
    readonly refs: readonly Rule[],
    maxGroups: number,
  ) {
    this.groups = new BoundedMap(maxGroups);
    this.rising =
      risingOnly(rule.correlation.condition) || rule.correlation.type.startsWith('temporal');
    this.positions = new Map();
    refs.forEach((r, i) => this.positions.set(r.key, [...(this.positions.get(r.key) ?? []), i]));
  }

  /** A referenced rule matched (or a referenced correlation fired) for this event. */
  feed(
    ref: Rule,
    ctx: EventContext,
    doc: Doc,
    accessor: (f: string) => Accessor,
    indexes: readonly number[],
  ): Firing | undefined {
    const c = this.rule.correlation;
    const group = c.groupBy.map((f) => {
      const field = c.aliases[f]?.[ref.name ?? ''] ?? c.aliases[f]?.[ref.id ?? ''] ?? f;
      const v = accessor(field)(doc);
      return Array.isArray(v) ? v.map((e) => scalarText(e) ?? '').join(',') : (scalarText(v) ?? '');
    });
    const key = JSON.stringify(group);
    const t = ctx.timeMs;
    let st = this.groups.get(key);
    const closed =
      st && !this.rising && t - st.start > c.timespanMs ? this.close(key, st) : undefined;
    if (closed) st = undefined;
    if (!st) {
      st = { start: t, last: t, count: 0, times: [], timeIdx: [], idx: [], values: {}, steps: [] };
      this.groups.set(key, st);
    }
    st.last = Math.max(st.last, t);
    let n: number;
    if (c.type === 'event_count') n = stepCount(st, t, indexes, c, this.rising);
    else if (c.type === 'value_count') {
      const v = accessor(c.aliases[c.field!]?.[ref.name ?? ''] ?? c.field!)(doc);
      n = stepValues(st, t, indexes, scalarText(Array.isArray(v) ? v[0] : v), c, this.rising);
    } else if (c.type === 'temporal')
      n = stepTemporal(st, t, indexes, this.positions.get(ref.key)!, c);
    else n = stepOrdered(st, t, indexes, this.positions.get(ref.key)!, c, this.refs.length);
    if (closed) return closed;
    if (!this.rising || !conditionHolds(c.condition, n)) return undefined;
    this.groups.delete(key);
    return {
      group,
      count: n,
      eventIndexes: c.type === 'event_count' ? countEvidence(st) : st.idx.slice(-MAX_INDEXES),
      time: ctx.event.time,
      ctx,
      doc,
      accessor,
    };
  }

  /** Closes windows older than the timespan at `nowMs`; returns the firings of closing windows. */
  tick(nowMs: number): Firing[] {
    const out: Firing[] = [];
    const span = this.rule.correlation.timespanMs;
    for (const [key, st] of [...this.groups.entries()]) {
      if (this.rising ? nowMs - st.last > span : nowMs - st.start > span) {
        this.groups.delete(key);
        const f = this.rising ? undefined : this.close(key, st);
        if (f) out.push(f);
      }
    }
    return out;
  }

  private close(key: string, st: GroupState): Firing | undefined {
    this.groups.delete(key);
    const c = this.rule.correlation;
    const n = c.type === 'value_count' ? Object.keys(st.values).length : st.count;
    if (!conditionHolds(c.condition, n)) return undefined;
    const group = JSON.parse(key) as string[];
    const time = new Date(st.start + c.timespanMs).toISOString();
    return {
      group,
      count: n,
      eventIndexes: st.idx.slice(-MAX_INDEXES),
      time,
      ctx: undefined,
      doc: undefined,
      accessor: undefined,
    };
  }
}
