// Durations of the Sigma correlation specification ("Time Selection": number + s, m, h, d), with
// `w` and `ms` accepted for detector settings.
const UNITS: Record<string, number> = {
  ms: 1,
  s: 1000,
  m: 60_000,
  h: 3_600_000,
  d: 86_400_000,
  w: 604_800_000,
};

export function parseDuration(v: unknown): number | undefined {
  if (typeof v !== 'string') return undefined;
  const m = /^(\d+)(ms|s|m|h|d|w)$/.exec(v.trim());
  if (!m) return undefined;
  const n = Number(m[1]) * UNITS[m[2]!]!;
  return n > 0 && Number.isSafeInteger(n) ? n : undefined;
}

export function formatDuration(ms: number): string {
  for (const [u, f] of [
    ['w', 604_800_000],
    ['d', 86_400_000],
    ['h', 3_600_000],
    ['m', 60_000],
    ['s', 1000],
  ] as const)
    if (ms % f === 0) return `${ms / f}${u}`;
  return `${ms}ms`;
}
