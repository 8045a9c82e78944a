// How event values compare with rule values: Sigma matches strings case-insensitively by default,
// numbers and booleans by their text, and a list-valued field when any element matches.

/** The text of a scalar field value; undefined for objects, null and absent fields. */
export function scalarText(v: unknown): string | undefined {
  switch (typeof v) {
    case 'string':
      return v;
    case 'number':
    case 'boolean':
    case 'bigint':
      return String(v);
    default:
      return undefined;
  }
}

/** A number from a numeric field value or numeric text; NaN otherwise. */
export function numeric(v: unknown): number {
  if (typeof v === 'number') return v;
  if (typeof v === 'string' && v.trim() !== '') return Number(v);
  if (typeof v === 'bigint') return Number(v);
  return NaN;
}

/** Lifts a test on one scalar to a field value that may be a list (any element matches). */
export function anyElement(test: (v: unknown) => boolean): (v: unknown) => boolean {
  return (v) => {
    if (!Array.isArray(v)) return test(v);
    for (const e of v) if (test(e)) return true;
    return false;
  };
}

/** Milliseconds since the epoch of a date-like field value (RFC 3339 text or epoch ms). */
export function dateMs(v: unknown): number {
  if (typeof v === 'number') return v;
  if (typeof v === 'string') return Date.parse(v);
  return NaN;
}

/** The time-part modifiers (Sigma modifiers appendix v2.1, "Time Modifiers"), in UTC. */
export function timePart(part: string, ms: number): number {
  const d = new Date(ms);
  switch (part) {
    case 'minute':
      return d.getUTCMinutes();
    case 'hour':
      return d.getUTCHours();
    case 'day':
      return d.getUTCDate();
    case 'month':
      return d.getUTCMonth() + 1;
    case 'year':
      return d.getUTCFullYear();
    default:
      return isoWeek(d);
  }
}

function isoWeek(d: Date): number {
  const t = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate()));
  const day = t.getUTCDay() || 7;
  t.setUTCDate(t.getUTCDate() + 4 - day);
  const yearStart = Date.UTC(t.getUTCFullYear(), 0, 1);
  return Math.ceil(((t.getTime() - yearStart) / 86_400_000 + 1) / 7);
}
