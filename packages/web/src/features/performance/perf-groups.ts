// Which chart group a metric belongs to (the agent's names: cpu.total, cpu.process.NAME, load.1,
// mem.used_pct, crypto.OP.ops_per_s, probe.NAME.latency_ms …), in the order the page shows them.
export const GROUPS: { title: string; test: (m: string) => boolean }[] = [
  { title: 'CPU', test: (m) => m.startsWith('cpu.') },
  { title: 'Load', test: (m) => m.startsWith('load.') },
  { title: 'Memory', test: (m) => m.startsWith('mem.') },
  { title: 'Crypto operations per second', test: (m) => m.endsWith('.ops_per_s') },
  { title: 'Latency (ms)', test: (m) => m.endsWith('.latency_ms') },
];

export function groupMetrics(metrics: string[]): { title: string; metrics: string[] }[] {
  const out = GROUPS.map((g) => ({ title: g.title, metrics: [] as string[] }));
  const other: string[] = [];
  for (const m of [...metrics].sort()) {
    const i = GROUPS.findIndex((g) => g.test(m));
    if (i >= 0) out[i]!.metrics.push(m);
    else other.push(m);
  }
  return [...out, { title: 'Other', metrics: other }].filter((g) => g.metrics.length > 0);
}
