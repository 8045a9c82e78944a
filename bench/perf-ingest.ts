// bench/perf-ingest: agent metrics into the SQLite time-series store — 1,000 agents × 20 series
// every 10 s (2,000 samples/s), each sample folded into raw, 1-minute and 1-hour buckets — timed
// per 10-second interval against its 10 s budget, beside a baseline of plain inserts of the same
// rows (no rollup, no upsert). Then a 24-hour chart query (1-minute rollup, 1,440 points) of one
// series among all of them. Synthetic time: INTERVALS intervals of 10 s, then one series gets a
// full day.
//   node --import tsx bench/perf-ingest.ts [--agents 1000] [--series 20] [--intervals 60]
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { openSqliteStore, type PerfSample } from '@keywatch/store';

const { values } = parseArgs({
  options: {
    agents: { type: 'string', default: '1000' },
    series: { type: 'string', default: '20' },
    intervals: { type: 'string', default: '60' },
  },
});
const AGENTS = Number(values.agents);
const SERIES = Number(values.series);
const INTERVALS = Number(values.intervals);
const T0 = Date.UTC(2026, 10, 28, 0, 0, 0);

const dir = mkdtempSync(join(tmpdir(), 'kw-perf-bench-'));
const store = await openSqliteStore({ path: join(dir, 'kw.db') });
await store.migrate();
const perf = store.perf();

function interval(k: number): PerfSample[] {
  const out: PerfSample[] = [];
  for (let a = 0; a < AGENTS; a++)
    for (let s = 0; s < SERIES; s++)
      out.push({
        host: `kms-${a}`,
        metric: `metric.${s}`,
        tsMs: T0 + k * 10_000 + (a % 10_000),
        value: (a * s + k) % 100,
      });
  return out;
}

const times: number[] = [];
for (let k = 0; k < INTERVALS; k++) {
  const batch = interval(k);
  const t = performance.now();
  await perf.appendSamples(batch);
  times.push(performance.now() - t);
}
times.sort((a, b) => a - b);
const mean = times.reduce((a, b) => a + b, 0) / times.length;
const perSec = (AGENTS * SERIES) / (mean / 1000);
console.log(
  `${AGENTS} agents × ${SERIES} series per 10 s interval: mean ${mean.toFixed(0)} ms, p95 ${times[Math.floor(times.length * 0.95)]!.toFixed(0)} ms per interval (${((100 * mean) / 10_000).toFixed(1)} % of the 10 s budget; ${Math.round(perSec)} samples/s capacity)`,
);

// Baseline: the same rows into a plain table, no upsert, no rollup.
const Database = (await import('better-sqlite3')).default;
const raw = new Database(join(dir, 'baseline.db'));
raw.pragma('journal_mode = WAL');
raw.pragma('synchronous = FULL');
raw.exec('create table s (host text, metric text, ts integer, value real)');
const ins = raw.prepare('insert into s values (?, ?, ?, ?)');
const tx = raw.transaction((rows: PerfSample[]) => {
  for (const r of rows) ins.run(r.host, r.metric, r.tsMs, r.value);
});
const bt: number[] = [];
for (let k = 0; k < Math.min(INTERVALS, 10); k++) {
  const batch = interval(k);
  const t = performance.now();
  tx(batch);
  bt.push(performance.now() - t);
}
const bmean = bt.reduce((a, b) => a + b, 0) / bt.length;
console.log(
  `baseline plain inserts of the same rows: mean ${bmean.toFixed(0)} ms per interval; ratio rollup/plain ${(mean / bmean).toFixed(1)}×`,
);

// One series over a full day, then the 24-hour chart query.
const day: PerfSample[] = [];
for (let i = 0; i < 8640; i++)
  day.push({ host: 'kms-7', metric: 'cpu.total', tsMs: T0 + i * 10_000, value: i % 100 });
await perf.appendSamples(day);
const q: number[] = [];
for (let i = 0; i < 20; i++) {
  const t = performance.now();
  const pts = await perf.series('kms-7', 'cpu.total', 60, T0, T0 + 86_400_000);
  q.push(performance.now() - t);
  if (pts.length !== 1440) throw new Error(`expected 1440 points, got ${pts.length}`);
}
q.sort((a, b) => a - b);
console.log(
  `24-hour chart query (1-minute rollup, 1,440 points): median ${q[10]!.toFixed(1)} ms, max ${q[19]!.toFixed(1)} ms (target < 200 ms)`,
);
raw.close();
await store.close();
rmSync(dir, { recursive: true, force: true });
