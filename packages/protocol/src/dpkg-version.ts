// Debian version ordering, exactly as dpkg does it (deb-version(7); lib/dpkg/version.c
// verrevcmp): [epoch:]upstream[-revision], compared epoch numerically, then upstream, then
// revision, each by alternating non-digit runs (letters before non-letters, "~" before
// everything, even the end) and digit runs (numerically).

export interface DebVersion {
  epoch: number;
  upstream: string;
  revision: string;
}

export function parseDebVersion(text: string): DebVersion | undefined {
  const v = text.trim();
  if (v === '' || /\s/.test(v)) return undefined;
  const colon = v.indexOf(':');
  let epoch = 0;
  let rest = v;
  if (colon >= 0) {
    const e = v.slice(0, colon);
    if (!/^\d+$/.test(e)) return undefined;
    epoch = Number(e);
    rest = v.slice(colon + 1);
  }
  const dash = rest.lastIndexOf('-');
  const upstream = dash >= 0 ? rest.slice(0, dash) : rest;
  const revision = dash >= 0 ? rest.slice(dash + 1) : '';
  if (upstream === '' || !/^[0-9]/.test(upstream)) return undefined;
  return { epoch, upstream, revision };
}

const isDigit = (c: string): boolean => c >= '0' && c <= '9';
const isAlpha = (c: string): boolean => (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');

// dpkg's order(): digits 0, letters their code, "~" -1, end 0, anything else code + 256.
function order(c: string): number {
  if (c === '') return 0;
  if (isDigit(c)) return 0;
  if (isAlpha(c)) return c.charCodeAt(0);
  if (c === '~') return -1;
  return c.charCodeAt(0) + 256;
}

export function verrevcmp(a: string, b: string): number {
  let i = 0;
  let j = 0;
  const at = (s: string, k: number): string => (k < s.length ? s[k]! : '');
  while (i < a.length || j < b.length) {
    let firstDiff = 0;
    while ((i < a.length && !isDigit(at(a, i))) || (j < b.length && !isDigit(at(b, j)))) {
      const ac = order(at(a, i));
      const bc = order(at(b, j));
      if (ac !== bc) return ac - bc;
      i++;
      j++;
    }
    while (at(a, i) === '0') i++;
    while (at(b, j) === '0') j++;
    while (isDigit(at(a, i)) && isDigit(at(b, j))) {
      if (firstDiff === 0) firstDiff = a.charCodeAt(i) - b.charCodeAt(j);
      i++;
      j++;
    }
    if (isDigit(at(a, i))) return 1;
    if (isDigit(at(b, j))) return -1;
    if (firstDiff !== 0) return firstDiff;
  }
  return 0;
}

/** Sign of a - b in Debian order; throws nothing: unparsable versions compare as strings. */
export function compareDebVersions(a: string, b: string): -1 | 0 | 1 {
  const pa = parseDebVersion(a);
  const pb = parseDebVersion(b);
  if (!pa || !pb) return Math.sign(verrevcmp(a, b)) as -1 | 0 | 1;
  const r =
    pa.epoch !== pb.epoch
      ? pa.epoch - pb.epoch
      : verrevcmp(pa.upstream, pb.upstream) || verrevcmp(pa.revision, pb.revision);
  return Math.sign(r) as -1 | 0 | 1;
}
