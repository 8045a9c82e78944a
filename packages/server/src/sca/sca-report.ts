// The trend per host and the report per policy, computed from the logged events (nothing else
// is stored): sca.scan_completed gives the trend, the sca.check_* events of each host's latest
// scan of a policy give the report; software.* findings are listed as they were raised.
import type { StoredEvent } from '@keywatch/protocol';

export interface TrendPoint {
  time: string;
  host: string | null;
  policy: string;
  score: number | null;
  counts: Record<string, number>;
  index: number;
}

export interface PolicyReport {
  policy: string;
  hosts: Record<
    string,
    { scan: string; time: string; score: number | null; checks: Record<string, string> }
  >;
  /** Per check id, how many hosts had each result in their latest scan. */
  checks: Record<string, Record<string, number>>;
}

const d = (e: StoredEvent): Record<string, unknown> => e.detail ?? {};
const str = (v: unknown): string => (typeof v === 'string' ? v : '');
const hostOf = (e: StoredEvent): string => e.source?.host ?? e.source?.agent ?? 'unknown';

export function buildReport(scans: StoredEvent[], checks: StoredEvent[]) {
  // Oldest first for the trend; the latest scan per (policy, host) for the report.
  const trend: TrendPoint[] = [...scans]
    .sort((a, b) => a.index - b.index)
    .map((e) => ({
      time: e.time,
      host: e.source?.host ?? null,
      policy: str(d(e)['policy']),
      score: typeof d(e)['score'] === 'number' ? (d(e)['score'] as number) : null,
      counts: (d(e)['counts'] ?? {}) as Record<string, number>,
      index: e.index,
    }));
  const latest = new Map<string, TrendPoint & { scan: string }>();
  for (const e of scans) {
    const key = `${str(d(e)['policy'])}\u0000${hostOf(e)}`;
    const cur = latest.get(key);
    if (!cur || cur.index < e.index) {
      const point = trend.find((t) => t.index === e.index)!;
      latest.set(key, { ...point, scan: str(d(e)['scan']) });
    }
  }
  const byScan = new Map<string, Record<string, string>>();
  for (const c of checks) {
    const scan = str(d(c)['scan']);
    const m = byScan.get(scan) ?? {};
    m[str(d(c)['check'])] = str(d(c)['result']);
    byScan.set(scan, m);
  }
  const policies = new Map<string, PolicyReport>();
  for (const [key, p] of latest) {
    const host = key.split('\u0000')[1]!;
    const r = policies.get(p.policy) ?? { policy: p.policy, hosts: {}, checks: {} };
    const results = byScan.get(p.scan) ?? {};
    r.hosts[host] = { scan: p.scan, time: p.time, score: p.score, checks: results };
    for (const [id, res] of Object.entries(results)) {
      const c = (r.checks[id] ??= {});
      c[res] = (c[res] ?? 0) + 1;
    }
    policies.set(p.policy, r);
  }
  return { trend, policies: [...policies.values()] };
}
