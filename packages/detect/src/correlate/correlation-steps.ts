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
  /** First live entry of `times`. */
  head?: number;
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
  // times[head..] is the window; the consumed prefix is compacted away now and then, so that
  // sliding costs O(1) per event even with thousands of events in the window.
  st.times.push(t);
  st.timeIdx.push([...indexes]);
  let head = st.head ?? 0;
  while (head < st.times.length && t - st.times[head]! > c.timespanMs) head++;
  head = Math.max(head, st.times.length - cap(c));
  if (head > 256 && head * 2 > st.times.length) {
    st.times.splice(0, head);
    head = 0;
  }
  st.head = head;
  const n = st.times.length - head;
  const keep = Math.min(KEEP_INDEXES, n);
  if (st.timeIdx.length > keep * 2) st.timeIdx.splice(0, st.timeIdx.length - keep);
  return n;
}

/** The evidence of an event_count window: the newest contributing log indexes. */
export function countEvidence(st: GroupState): number[] {
  const n = st.times.length - (st.head ?? 0);
  return st.timeIdx.slice(-Math.min(KEEP_INDEXES, n)).flat().slice(-KEEP_INDEXES);
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
