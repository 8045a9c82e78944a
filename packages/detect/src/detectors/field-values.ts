// Native field values as text for detector keys: a list value (actor.roles) joins with ','; an
// absent field reads as undefined, or as '' inside a group key.
import { nativeAccessor } from '../fields/field-doc.ts';
import { scalarText } from '../match/scalar-value.ts';
import type { EventContext } from '../engine/event-context.ts';

export function fieldReader(field: string): (ctx: EventContext) => string | undefined {
  const get = nativeAccessor(field);
  return (ctx) => {
    const v = get(ctx.nativeDoc);
    if (Array.isArray(v)) return v.map((e) => scalarText(e) ?? '').join(',');
    const s = scalarText(v);
    return s === '' ? undefined : s;
  };
}

export function groupReader(fields: readonly string[]): (ctx: EventContext) => string[] {
  const rs = fields.map(fieldReader);
  return (ctx) => rs.map((r) => r(ctx) ?? '');
}

/** Joins group values into a map key that cannot collide across different splits. */
export const joinKey = (parts: readonly string[]) => JSON.stringify(parts);

export const iso = (ms: number) => new Date(ms).toISOString();
