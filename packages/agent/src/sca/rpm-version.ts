// RPM version ordering: rpmvercmp() of rpm 4.x (rpmio/rpmvercmp.c) with "~" (sorts before
// everything, even the end) and "^" (sorts after the end but before anything else), and EVR
// comparison: epoch (absent = 0), then version, then release when both have one.

const isDigit = (c: string): boolean => c >= '0' && c <= '9';
const isAlpha = (c: string): boolean => (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
const isAlnum = (c: string): boolean => isDigit(c) || isAlpha(c);

export function rpmvercmp(a: string, b: string): -1 | 0 | 1 {
  if (a === b) return 0;
  let i = 0;
  let j = 0;
  const at = (s: string, k: number): string => (k < s.length ? s[k]! : '');
  while (i < a.length || j < b.length) {
    while (i < a.length && !isAlnum(at(a, i)) && at(a, i) !== '~' && at(a, i) !== '^') i++;
    while (j < b.length && !isAlnum(at(b, j)) && at(b, j) !== '~' && at(b, j) !== '^') j++;
    const ca = at(a, i);
    const cb = at(b, j);
    if (ca === '~' || cb === '~') {
      if (ca !== '~') return 1;
      if (cb !== '~') return -1;
      i++;
      j++;
      continue;
    }
    if (ca === '^' || cb === '^') {
      if (ca === '') return -1;
      if (cb === '') return 1;
      if (ca !== '^') return 1;
      if (cb !== '^') return -1;
      i++;
      j++;
      continue;
    }
    if (ca === '' || cb === '') break;
    const numeric = isDigit(ca);
    const klass = numeric ? isDigit : isAlpha;
    let ei = i;
    let ej = j;
    while (ei < a.length && klass(at(a, ei))) ei++;
    while (ej < b.length && klass(at(b, ej))) ej++;
    if (ej === j) return numeric ? 1 : -1; // different segment types: numeric is newer
    let sa = a.slice(i, ei);
    let sb = b.slice(j, ej);
    if (numeric) {
      sa = sa.replace(/^0+/, '');
      sb = sb.replace(/^0+/, '');
      if (sa.length !== sb.length) return sa.length > sb.length ? 1 : -1;
    }
    if (sa !== sb) return sa < sb ? -1 : 1;
    i = ei;
    j = ej;
  }
  if (i >= a.length && j >= b.length) return 0;
  return i >= a.length ? -1 : 1;
}

export interface Evr {
  epoch: string | undefined;
  version: string;
  release: string | undefined;
}

export function parseEvr(text: string): Evr {
  const colon = text.indexOf(':');
  const epoch = colon >= 0 ? text.slice(0, colon) : undefined;
  const rest = colon >= 0 ? text.slice(colon + 1) : text;
  const dash = rest.lastIndexOf('-');
  return dash >= 0
    ? { epoch, version: rest.slice(0, dash), release: rest.slice(dash + 1) }
    : { epoch, version: rest, release: undefined };
}

export function compareRpmEvr(a: string, b: string): -1 | 0 | 1 {
  const pa = parseEvr(a);
  const pb = parseEvr(b);
  const ea = Number(pa.epoch ?? '0') || 0;
  const eb = Number(pb.epoch ?? '0') || 0;
  if (ea !== eb) return ea < eb ? -1 : 1;
  const v = rpmvercmp(pa.version, pb.version);
  if (v !== 0) return v;
  if (pa.release === undefined || pb.release === undefined) return 0;
  return rpmvercmp(pa.release, pb.release);
}
