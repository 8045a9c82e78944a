// The per-type step of a correlation group: adds one event and returns the count the condition
// is judged on (events, distinct values, distinct rules, or completed ordered steps).
import type { CorrelationSpec } from './correlation-spec.ts';

export interface GroupState {
  /** Window start (first event of a fixed window) and newest event time, ms. */
  start: number;
  last: number;
  /** Events in a fixed window. */
  count: number;
  /** Sliding window of event times (event_count), and each event's log indexes alongside. */
  times: number[];
  timeIdx: number[][];
  /** Contributing log indexes, newest last. */
  idx: number[];
  /** value → newest time (value_count). */
  values: Record<string, number>;
  /** temporal: newest time per rule position; temporal_ordered: chain start per completed step. */
  steps: Array<number | null>;
}

const KEEP_INDEXES = 64;

function addIndexes(st: GroupState, indexes: readonly number[]): void {
  st.idx.push(...indexes);
  if (st.idx.length > KEEP_INDEXES) st.idx.splice(0, st.idx.length - KEEP_INDEXES);
}

/** The largest count a rising condition needs to see; more entries are never kept. */
const cap = (c: CorrelationSpec) =>
  Math.max(1, ...c.condition.map(([op, v]) => (op === 'gt' ? v + 1 : v)));

export function stepCount(
  st: GroupState,
  t: number,
  indexes: readonly number[],
  c: CorrelationSpec,
  rising: boolean,
): number {
  if (!rising) {
    addIndexes(st, indexes);
    return ++st.count;
  }
  st.times.push(t);
  st.timeIdx.push([...indexes]);
  let drop = 0;
  while (drop < st.times.length && t - st.times[drop]! > c.timespanMs) drop++;
  drop = Math.max(drop, st.times.length - cap(c));
  st.times.splice(0, drop);
  st.timeIdx.splice(0, drop);
  st.idx = st.timeIdx.flat().slice(-KEEP_INDEXES);
  return st.times.length;
}

export function stepValues(
  st: GroupState,
  t: number,
  indexes: readonly number[],
  value: string | undefined,
  c: CorrelationSpec,
  rising: boolean,
): number {
  addIndexes(st, indexes);
  if (value === undefined) return Object.keys(st.values).length;
  st.values[value] = Math.max(st.values[value] ?? t, t);
  const keys = Object.keys(st.values);
  if (rising) for (const k of keys) if (t - st.values[k]! > c.timespanMs) delete st.values[k];
  const max = rising ? cap(c) : 10_001;
  const left = Object.entries(st.values);
  if (left.length > max) {
    left.sort((a, b) => a[1] - b[1]);
    for (const [k] of left.slice(0, left.length - max)) delete st.values[k];
  }
  return Object.keys(st.values).length;
}

export function stepTemporal(
  st: GroupState,
  t: number,
  indexes: readonly number[],
  positions: readonly number[],
  c: CorrelationSpec,
): number {
  addIndexes(st, indexes);
  for (const p of positions) st.steps[p] = t;
  let n = 0;
  for (let i = 0; i < st.steps.length; i++) {
    const s = st.steps[i];
    if (s === undefined || s === null) continue;
    if (t - s > c.timespanMs) st.steps[i] = null;
    else n++;
  }
  return n;
}

/** steps[k] = start time of the freshest chain that has completed steps 0..k. */
export function stepOrdered(
  st: GroupState,
  t: number,
  indexes: readonly number[],
  positions: readonly number[],
  c: CorrelationSpec,
  total: number,
): number {
  let advanced = false;
  for (const k of [...positions].sort((a, b) => b - a)) {
    const prev = k === 0 ? t : st.steps[k - 1];
    if (prev === undefined || prev === null || t - prev > c.timespanMs) continue;
    if ((st.steps[k] ?? -Infinity) <= prev) {
      st.steps[k] = prev;
      advanced = true;
    }
  }
  if (advanced) addIndexes(st, indexes);
  let done = 0;
  while (
    done < total &&
    st.steps[done] !== undefined &&
    st.steps[done] !== null &&
    t - st.steps[done]! <= c.timespanMs
  )
    done++;
  return done;
}
