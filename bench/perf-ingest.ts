// bench/perf-ingest: agent metrics end to end on SQLite, the way agents send them — 1,000 enrolled
// agents each POST a signed /v1/agents/events batch holding one perf.sample of 20 series every
// 10 s, over real HTTP on loopback; the server validates, sequences and commits the events to the
// log, then its perf follower reads them back, folds each sample into raw, 1-minute and 1-hour
// buckets and evaluates the thresholds for every host. One interval is timed from its first
// request to the follower being idle, against the 10 s budget; intervals run back to back (a
// stricter load than one every 10 s). Baseline in the same run: the same samples folded straight
// into a second store (PerfSeriesStore.appendSamples, no HTTP, no log). Then one host gets a full
// day of samples through the same route and the 24-hour chart (GET /v1/perf/series, 1-minute
// rollup, 1,440 points) is timed over HTTP.
//   node --import tsx bench/perf-ingest.ts [--agents 1000] [--series 20] [--intervals 12] [--concurrency 64]
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { openServer } from '@keywatch/server';
import { openSqliteStore, type PerfSample } from '@keywatch/store';
import { keysService } from '../packages/server/src/keys/keys-service.ts';
import {
  newAgentKey,
  signedHeaders,
  type TestAgentKey,
} from '../packages/server/test/agent-signer.ts';

const { values } = parseArgs({
  options: {
    agents: { type: 'string', default: '1000' },
    series: { type: 'string', default: '20' },
    intervals: { type: 'string', default: '12' },
    concurrency: { type: 'string', default: '64' },
  },
});
const AGENTS = Number(values.agents);
const SERIES = Number(values.series);
const INTERVALS = Number(values.intervals);
const CONCURRENCY = Number(values.concurrency);
const DAY = 86_400_000;
// The series an agent's perf module sends (docs/keys.md), padded with disks to SERIES.
const NAMES = [
  'cpu.total',
  'cpu.process.vault',
  'mem.used_pct',
  'mem.available_bytes',
  'load.1',
  'load.5',
  'load.15',
  'net.tcp_established',
  'probe.vault.latency_ms',
  'probe.vault.up',
  'crypto.rsa2048_sign.ops_per_s',
  'crypto.rsa2048_verify.ops_per_s',
  'crypto.p256_sign.ops_per_s',
  'crypto.ed25519_sign.ops_per_s',
  'crypto.aes256gcm_4k_encrypt.ops_per_s',
];
const metricNames = Array.from({ length: SERIES }, (_, i) => NAMES[i] ?? `disk./data${i}.used_pct`);

const dir = mkdtempSync(join(tmpdir(), 'kw-perf-bench-'));
const server = await openServer({
  dataDir: dir,
  logger: false,
  origin: 'bench.keywatch/perf',
  config: { bodyLimit: 32 * 1024 * 1024, rateLimit: { max: 1_000_000, windowMs: 1000 } },
});
const base = await server.app.listen({ port: 0, host: '127.0.0.1' });
const admin = readFileSync(join(dir, 'initial-admin-token'), 'utf8').trim();
const keys = keysService(server.context);

async function call(
  method: string,
  path: string,
  headers: Record<string, string>,
  body?: string,
): Promise<unknown> {
  const r = await fetch(base + path, { method, headers, ...(body !== undefined && { body }) });
  if (!r.ok) throw new Error(`${method} ${path}: ${r.status} ${await r.text()}`);
  return r.json();
}

async function pool<T>(items: T[], n: number, fn: (t: T) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(n, items.length) }, async () => {
      while (next < items.length) await fn(items[next++]!);
    }),
  );
}

interface Agent {
  id: string;
  host: string;
  key: TestAgentKey;
  seq: number;
}
const json = { authorization: `Bearer ${admin}`, 'content-type': 'application/json' };
let t = performance.now();
const agents: Agent[] = [];
await pool(
  Array.from({ length: AGENTS }, (_, a) => a),
  CONCURRENCY,
  async (a) => {
    const tok = (await call('POST', '/v1/agents/enrollment-tokens', json, '{"group":"kms"}')) as {
      token: string;
    };
    const key = newAgentKey();
    const host = `kms-${a}`;
    const r = (await call(
      'POST',
      '/v1/agents/enroll',
      { 'content-type': 'application/json' },
      JSON.stringify({ token: tok.token, public_key: key.publicKeyBase64, name: host, host }),
    )) as { agent_id: string };
    agents.push({ id: r.agent_id, host, key, seq: 0 });
  },
);
console.log(
  `enrolled ${AGENTS} agents over HTTP in ${((performance.now() - t) / 1000).toFixed(1)} s`,
);

const metrics = (a: number, k: number): Record<string, number> =>
  Object.fromEntries(metricNames.map((m, s) => [m, (a * s + k) % 100]));

async function send(agent: Agent, events: object[]): Promise<void> {
  const body = JSON.stringify({ events });
  const path = '/v1/agents/events';
  await call('POST', path, signedHeaders(agent.key, agent.id, 'POST', path, body), body);
}

const perfEvent = (agent: Agent, tsMs: number, m: Record<string, number>) => ({
  time: new Date(tsMs).toISOString(),
  type: 'perf.sample',
  outcome: 'success',
  actor: { id: agent.id, type: 'agent' },
  source: { kind: 'agent', host: agent.host, seq: ++agent.seq },
  detail: { host: agent.host, metrics: m },
});

// The intervals: event times 10 s apart ending now, so the thresholds see a live window.
const T0 = Date.now() - INTERVALS * 10_000;
const times: number[] = [];
for (let k = 0; k < INTERVALS; k++) {
  t = performance.now();
  await pool(agents, CONCURRENCY, (ag) =>
    send(ag, [
      perfEvent(
        ag,
        T0 + k * 10_000 + (Number(ag.host.slice(4)) % 10_000),
        metrics(Number(ag.host.slice(4)), k),
      ),
    ]),
  );
  await keys.idle();
  times.push(performance.now() - t);
}
const sorted = [...times].sort((a, b) => a - b);
const mean = times.reduce((a, b) => a + b, 0) / times.length;
const folded = await server.context.store
  .perf()
  .series('kms-0', 'cpu.total', 0, T0 - 1, T0 + INTERVALS * 10_000);
if (folded.length !== INTERVALS)
  throw new Error(`expected ${INTERVALS} points, got ${folded.length}`);
console.log(
  `end to end (signed HTTP → log → follower → rollups + thresholds), ${AGENTS} agents × ${SERIES} series per 10 s interval: mean ${(mean / 1000).toFixed(2)} s, p95 ${(sorted[Math.floor(sorted.length * 0.95)]! / 1000).toFixed(2)} s, max ${(sorted[sorted.length - 1]! / 1000).toFixed(2)} s per interval over ${INTERVALS} back-to-back intervals (${((100 * mean) / 10_000).toFixed(0)} % of the 10 s budget)`,
);

// Baseline: the same samples straight into a store's rollups.
const bstore = await openSqliteStore({ path: join(dir, 'baseline.db') });
await bstore.migrate();
const bt: number[] = [];
for (let k = 0; k < Math.min(INTERVALS, 10); k++) {
  const batch: PerfSample[] = [];
  for (let a = 0; a < AGENTS; a++)
    for (const [metric, value] of Object.entries(metrics(a, k)))
      batch.push({ host: `kms-${a}`, metric, tsMs: T0 + k * 10_000 + a, value });
  const s = performance.now();
  await bstore.perf().appendSamples(batch);
  bt.push(performance.now() - s);
}
const bmean = bt.reduce((a, b) => a + b, 0) / bt.length;
console.log(
  `baseline, the same samples straight into PerfSeriesStore.appendSamples: mean ${bmean.toFixed(0)} ms per interval; end to end / baseline ${(mean / bmean).toFixed(1)}×`,
);
await bstore.close();

// One host's full day through the same route (864 batches of 10 samples), then the chart.
const day = agents[7]!;
const end = Date.now() - (Date.now() % 60_000);
t = performance.now();
const batches = Array.from({ length: 864 }, (_, b) =>
  Array.from({ length: 10 }, (_, i) => end - DAY + (b * 10 + i) * 10_000),
);
for (const b of batches)
  await send(
    day,
    b.map((ts) => perfEvent(day, ts, { 'cpu.day': ts % 100 })),
  );
await keys.idle();
console.log(
  `a day of one series (8,640 samples) sent in ${((performance.now() - t) / 1000).toFixed(1)} s`,
);
const q: number[] = [];
const reader = { authorization: `Bearer ${admin}` };
const url = `/v1/perf/series?host=${day.host}&metric=cpu.day&since=${new Date(end - DAY).toISOString()}&until=${new Date(end).toISOString()}`;
for (let i = 0; i < 20; i++) {
  const s = performance.now();
  const r = (await call('GET', url, reader)) as { resolution: number; points: unknown[] };
  q.push(performance.now() - s);
  if (r.resolution !== 60 || r.points.length !== 1440)
    throw new Error(`expected 1,440 1-minute points, got ${r.points.length} at ${r.resolution}`);
}
q.sort((a, b) => a - b);
const sq: number[] = [];
for (let i = 0; i < 20; i++) {
  const s = performance.now();
  await server.context.store.perf().series(day.host, 'cpu.day', 60, end - DAY, end);
  sq.push(performance.now() - s);
}
sq.sort((a, b) => a - b);
console.log(
  `24-hour chart over HTTP (GET /v1/perf/series, 1-minute rollup, 1,440 points, among ${AGENTS * SERIES + 1} series): median ${q[10]!.toFixed(1)} ms, max ${q[19]!.toFixed(1)} ms (target < 200 ms); the store query alone: median ${sq[10]!.toFixed(1)} ms (HTTP + JSON ${(q[10]! / sq[10]!).toFixed(1)}×)`,
);
await server.close();
rmSync(dir, { recursive: true, force: true });
