// Turns untrusted input into a NativeEvent or a precise reason (which field, why). Never throws.
import Schema from 'typebox/schema';
import { NativeEventSchema, type NativeEvent } from './native-event-schema.ts';

export interface EventProblem {
  /** JSON-pointer-like path of the offending field, e.g. "actor.id"; "" for the whole event. */
  field: string;
  reason: string;
}

export type EventValidation =
  /** timeMs: the event's time as Date.parse read it while checking it (callers need not again). */
  { ok: true; event: NativeEvent; timeMs: number } | { ok: false; problem: EventProblem };

const KNOWN = new Set(Object.keys(NativeEventSchema.properties));
const validator = Schema.Compile(NativeEventSchema);
// RFC 3339 §5.6 date-time: full-date "T" full-time, with a zone; Date.parse does the range checks.
const RFC3339 = /^\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}:\d{2}(\.\d{1,9})?([Zz]|[+-]\d{2}:\d{2})$/;

function pointerToField(path: string): string {
  return path.replace(/^\//, '').replaceAll('/', '.');
}

/** Moves unknown top-level fields under `detail` (DESIGN.md: kept, not dropped). */
function liftUnknown(input: Record<string, unknown>): Record<string, unknown> {
  const extra = Object.keys(input).filter((k) => !KNOWN.has(k));
  if (extra.length === 0) return input;
  const out: Record<string, unknown> = {};
  const detailIn = input['detail'];
  const detail: Record<string, unknown> =
    detailIn !== null && typeof detailIn === 'object' && !Array.isArray(detailIn)
      ? { ...(detailIn as Record<string, unknown>) }
      : {};
  for (const [k, v] of Object.entries(input)) {
    if (KNOWN.has(k)) out[k] = v;
    else setMember(detail, Object.hasOwn(detail, k) ? `_top.${k}` : k, v);
  }
  if (detailIn === undefined || detail !== detailIn) out['detail'] = detail;
  return out;
}

/** Sets an own member, "__proto__" too (an assignment would set the prototype and drop it). */
function setMember(o: Record<string, unknown>, k: string, v: unknown): void {
  if (k !== '__proto__') o[k] = v;
  else
    Object.defineProperty(o, k, { value: v, enumerable: true, writable: true, configurable: true });
}

export function validateEvent(input: unknown): EventValidation {
  if (input === null || typeof input !== 'object' || Array.isArray(input)) {
    return { ok: false, problem: { field: '', reason: 'an event must be a JSON object' } };
  }
  const candidate = liftUnknown(input as Record<string, unknown>);
  if (!validator.Check(candidate)) {
    const [, errors] = validator.Errors(candidate);
    const first = errors[0];
    const field = first ? pointerToField(first.instancePath) : '';
    let reason = first?.message ?? 'does not match the native event schema';
    if (first?.keyword === 'required') {
      const missing = (first.params as { requiredProperties?: string[] }).requiredProperties;
      const name = missing?.[0];
      return {
        ok: false,
        problem: { field: field ? `${field}.${name ?? ''}` : (name ?? ''), reason: 'is required' },
      };
    }
    if (first?.keyword === 'additionalProperties') reason = 'has an unknown field';
    return { ok: false, problem: { field, reason } };
  }
  const event = candidate;
  const timeMs = RFC3339.test(event.time) ? Date.parse(event.time) : NaN;
  if (Number.isNaN(timeMs)) {
    return {
      ok: false,
      problem: { field: 'time', reason: 'must be an RFC 3339 date-time with a zone' },
    };
  }
  if (event.actor.id === undefined && (event.actor.roles?.length ?? 0) === 0) {
    return { ok: false, problem: { field: 'actor', reason: 'needs at least an id or one role' } };
  }
  return { ok: true, event, timeMs };
}
