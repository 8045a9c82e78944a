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
  return isCanonicalUtc(text) ? text : parseStamp(text, opts);
}

/** The general path of toUtc (exported for the test that holds the fast path to it). */
export function parseStamp(text: string, opts: TimeOptions = {}): string | undefined {
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

const DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/**
 * Fast path of toUtc: `YYYY-MM-DDTHH:MM:SS[.fraction]Z`, a real instant of 1970-9999, is already
 * its own UTC RFC 3339 form (what the general path would rebuild, character for character).
 */
function isCanonicalUtc(t: string): boolean {
  const n = t.length;
  if (n < 20 || n > 30 || t.charCodeAt(n - 1) !== 90 /* Z */) return false;
  if (t[4] !== '-' || t[7] !== '-' || t[10] !== 'T' || t[13] !== ':' || t[16] !== ':') return false;
  const num = (at: number, len: number): number => {
    let v = 0;
    for (let i = at; i < at + len; i++) {
      const c = t.charCodeAt(i) - 48;
      if (c < 0 || c > 9) return -1;
      v = v * 10 + c;
    }
    return v;
  };
  if (n > 20) {
    // A fraction of 1-9 digits after the seconds.
    if (t[19] !== '.' || n === 21 || num(20, n - 21) < 0) return false;
  }
  const y = num(0, 4);
  const mo = num(5, 2);
  const d = num(8, 2);
  const h = num(11, 2);
  const mi = num(14, 2);
  const s = num(17, 2);
  if (y < 1970 || mo < 1 || mo > 12 || d < 1 || h < 0 || h > 23 || mi < 0 || mi > 59) return false;
  if (s < 0 || s > 59) return false;
  const leap = mo === 2 && y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0);
  return d <= DAYS[mo - 1]! + (leap ? 1 : 0);
}
