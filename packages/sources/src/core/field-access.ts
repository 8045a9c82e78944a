// Small typed readers for untrusted parsed JSON: a wrong type reads as absent, never throws.
export type Json = Record<string, unknown>;

export function obj(v: unknown): Json | undefined {
  return v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Json) : undefined;
}

/** Follows `keys` from `root`; returns the value there or undefined. */
export function at(root: unknown, ...keys: string[]): unknown {
  let cur: unknown = root;
  for (const k of keys) {
    const o = obj(cur);
    if (!o) return undefined;
    cur = o[k];
  }
  return cur;
}

/** A non-empty string at `keys` (numbers are written as text), else undefined. */
export function str(root: unknown, ...keys: string[]): string | undefined {
  const v = at(root, ...keys);
  if (typeof v === 'string') return v === '' ? undefined : v;
  if (typeof v === 'number' && Number.isFinite(v)) return String(v);
  return undefined;
}

export function strings(v: unknown): string[] {
  return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string' && x !== '') : [];
}

/** "10.0.0.5:36776" / "[2001:db8::10]:36778" / "10.0.0.5" → { ip, port }. */
export function splitHostPort(addr: string | undefined): { ip?: string; port?: string } {
  if (addr === undefined) return {};
  const v6 = /^\[([^\]]+)\](?::(\d+))?$/.exec(addr);
  if (v6) return v6[2] === undefined ? { ip: v6[1]! } : { ip: v6[1]!, port: v6[2] };
  const v4 = /^([^:]+):(\d+)$/.exec(addr);
  if (v4) return { ip: v4[1]!, port: v4[2]! };
  return { ip: addr };
}
