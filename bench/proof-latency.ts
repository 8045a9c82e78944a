// bench/proof-latency: inclusion-proof latency with N events in the log (default 1,000,000).
// Fills a fresh SQLite log through the sequencer (no HTTP), then times 2,000 proofs for random
// indexes against the latest size: (a) inside the server — the stored-hash reads and the proof, what
// GET /v1/log/proof/inclusion computes; (b) end to end over HTTP on loopback with an auditor
// token, where every read by a person is first recorded durably in the log (fail closed), and with
// a monitor token (a witness: proofs are hashes only, its reads are not recorded one by one),
// beside GET /healthz (no record) measured in the same run as the HTTP floor.
//   node --import tsx bench/proof-latency.ts [--events 1000000] [--samples 2000] [--pg URL]
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { inclusionProof, inclusionProofPlan } from '@keywatch/auditlog';
import { openServer } from '@keywatch/server';

const { values } = parseArgs({
  options: {
    events: { type: 'string', default: '1000000' },
    samples: { type: 'string', default: '2000' },
  },
});
const N = Number(values.events);
const SAMPLES = Number(values.samples);
const pct = (xs: number[], p: number): number =>
  [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(xs.length * p))]!;
const fmt = (xs: number[]): string =>
  `p50 ${pct(xs, 0.5).toFixed(2)} ms, p99 ${pct(xs, 0.99).toFixed(2)} ms, max ${Math.max(...xs).toFixed(2)} ms`;

const dataDir = mkdtempSync(join(tmpdir(), 'kw-proof-'));
const server = await openServer({
  dataDir,
  logger: false,
  config: { rateLimit: { max: 1e9, windowMs: 1000 } },
});
try {
  const { sequencer, store } = server.context;
  const t0 = performance.now();
  for (let i = sequencer.size; i < N; i += 2000) {
    const n = Math.min(2000, N - i);
    await sequencer.append(
      Array.from({ length: n }, (_, j) => ({
        id: `p-${i + j}`,
        time: '2026-11-28T14:03:07.123Z',
        type: 'crypto.decrypt',
        outcome: 'success' as const,
        actor: { id: `svc-${(i + j) % 16}`, roles: ['crypto_user'] },
        target: { type: 'key', id: `k-${(i + j) % 64}` },
      })),
    );
    if (i % 100_000 === 0) process.stderr.write(`filled ${i}\n`);
  }
  const size = sequencer.size;
  console.log(
    `log filled: ${size.toLocaleString('en')} events in ${((performance.now() - t0) / 1000).toFixed(1)} s`,
  );

  const inside: number[] = [];
  for (let s = 0; s < SAMPLES; s++) {
    const index = Math.floor(Math.random() * size);
    const t = performance.now();
    const hashes = await store.readHashes(inclusionProofPlan(index, size));
    inclusionProof(index, size, (a) => hashes.get(a)!);
    inside.push(performance.now() - t);
  }
  console.log(`inclusion proof inside the server (stored-hash reads + proof): ${fmt(inside)}`);

  const url = await server.app.listen({ port: 0, host: '127.0.0.1' });
  const auditor = (await server.context.tokens.create({ role: 'auditor', name: 'bench' })).token;
  const headers = { authorization: `Bearer ${auditor}` };
  const monitor = (await server.context.tokens.create({ role: 'monitor', name: 'bench' })).token;
  const monitorHeaders = { authorization: `Bearer ${monitor}` };
  const http = async (path: string, h?: Record<string, string>): Promise<number> => {
    const t = performance.now();
    const res = await fetch(url + path, h ? { headers: h } : {});
    await res.arrayBuffer();
    if (res.status !== 200) throw new Error(`${path}: ${res.status}`);
    return performance.now() - t;
  };
  const floor: number[] = [];
  const proofs: number[] = [];
  const monitored: number[] = [];
  for (let s = 0; s < SAMPLES; s++) {
    floor.push(await http('/healthz'));
    const index = Math.floor(Math.random() * size);
    proofs.push(await http(`/v1/log/proof/inclusion?index=${index}&size=${size}`, headers));
    const other = Math.floor(Math.random() * size);
    monitored.push(
      await http(`/v1/log/proof/inclusion?index=${other}&size=${size}`, monitorHeaders),
    );
  }
  console.log(`GET /healthz (HTTP floor, same run): ${fmt(floor)}`);
  console.log(
    `GET /v1/log/proof/inclusion over HTTP, read recorded durably first: ${fmt(proofs)} = ${(pct(proofs, 0.99) / pct(floor, 0.99)).toFixed(1)} x floor p99`,
  );
  console.log(
    `GET /v1/log/proof/inclusion over HTTP with a monitor token (hashes only, no per-read record): ${fmt(monitored)} = ${(pct(monitored, 0.99) / pct(floor, 0.99)).toFixed(1)} x floor p99`,
  );
} finally {
  await server.close();
  rmSync(dataDir, { recursive: true, force: true });
}
