// Every adapter emits `time` as RFC 3339 in UTC ("Z"), keeping the vendor's sub-second digits
// (Vault and GCP write nanoseconds; Date would cut them to milliseconds).
const STAMP =
  /^(\d{4})-(\d{2})-(\d{2})[Tt ](\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?([Zz]|[+-]\d{2}:?\d{2})?$/;

export interface TimeOptions {
  /** Accept a stamp with no zone as UTC (GCP exports seen without one); default false. */
  assumeUtc?: boolean;
}

/** RFC 3339 / ISO 8601 text → UTC RFC 3339, or undefined when it is not a valid instant. */
export function toUtc(text: unknown, opts: TimeOptions = {}): string | undefined {
  if (typeof text !== 'string') return undefined;
  const m = STAMP.exec(text.trim());
  if (!m) return undefined;
  const [, y, mo, d, h, mi, s, frac, zone] = m;
  if (zone === undefined && !opts.assumeUtc) return undefined;
  let offsetMin = 0;
  if (zone !== undefined && zone !== 'Z' && zone !== 'z') {
    const sign = zone.startsWith('-') ? -1 : 1;
    const digits = zone.slice(1).replace(':', '');
    offsetMin = sign * (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2)));
  }
  const wall = Date.UTC(+y!, +mo! - 1, +d!, +h!, +mi!, +s!);
  const w = new Date(wall);
  // Reject rollovers such as Feb 30 or 25:00 (Date.UTC would silently normalize them).
  if (Number.isNaN(wall) || w.getUTCDate() !== +d! || w.getUTCHours() !== +h!) return undefined;
  if (w.getUTCMonth() !== +mo! - 1 || +mi! > 59 || +s! > 59) return undefined;
  const date = new Date(wall - offsetMin * 60_000);
  if (date.getUTCFullYear() < 1970 || date.getUTCFullYear() > 9999) return undefined;
  const base = date.toISOString().slice(0, 19);
  return frac === undefined ? `${base}Z` : `${base}.${frac}Z`;
}

/** Microseconds (or seconds with a fraction) since the epoch → UTC RFC 3339. */
export function fromEpoch(seconds: string, fraction = ''): string | undefined {
  if (!/^\d{1,12}$/.test(seconds) || !/^\d{0,9}$/.test(fraction)) return undefined;
  const date = new Date(Number(seconds) * 1000);
  if (Number.isNaN(date.getTime()) || date.getUTCFullYear() > 9999) return undefined;
  const base = date.toISOString().slice(0, 19);
  return fraction === '' ? `${base}Z` : `${base}.${fraction}Z`;
}
