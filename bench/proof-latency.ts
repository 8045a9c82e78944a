// bench/proof-latency: inclusion-proof latency with N events in the log (default 1,000,000).
// Fills a fresh SQLite log through the sequencer (no HTTP), then times 2,000 proofs for random
// indexes against the latest size: (a) inside the server — the stored-hash reads and the proof, what
// GET /v1/log/proof/inclusion computes; (b) end to end over HTTP on loopback with an auditor
// token, where every read by a person is first recorded durably in the log (fail closed), and with
// a monitor token (a witness: proofs are hashes only, its reads are not recorded one by one),
// beside GET /healthz (no record) measured in the same run as the HTTP floor. Each HTTP phase runs
// alone, from a client process of its own, so neither the client's work nor another phase's
// commits land in its latencies.
//   node --import tsx bench/proof-latency.ts [--events 1000000] [--samples 2000] [--pg URL]
import { spawn } from 'node:child_process';
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

function client(url: string, token: string, path: string, size: number): Promise<number[]> {
  const script = new URL('./http-latency-client.ts', import.meta.url).pathname;
  const args = ['--import', 'tsx', script, url, token, path, String(size), String(SAMPLES)];
  const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'inherit'] });
  let out = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  return new Promise((resolve, reject) =>
    child.on('exit', (code) =>
      code === 0 ? resolve(JSON.parse(out) as number[]) : reject(new Error(`client ${code}`)),
    ),
  );
}

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
  // Measure a server at rest: the detection thread finishes the filled events first.
  await server.context.detection.idle();
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
  // The server's own view of each request, from its dispatch to the last byte handed to the
  // socket: what the client sees minus loopback delivery and waking the client's and server's
  // threads (the /healthz floor shows that part alone).
  let handled: number[] = [];
  server.app.server.on('request', (_req, res) => {
    const t = performance.now();
    res.once('finish', () => handled.push(performance.now() - t));
  });
  const phase = async (token: string, path: string): Promise<[number[], number[]]> => {
    handled = [];
    const seen = await client(url, token, path, size);
    return [seen, handled.slice(-seen.length)]; // the client's warm-up requests left out
  };
  const auditor = (await server.context.tokens.create({ role: 'auditor', name: 'bench' })).token;
  const monitor = (await server.context.tokens.create({ role: 'monitor', name: 'bench' })).token;
  const proof = `/v1/log/proof/inclusion?index={i}&size=${size}`;
  // One phase at a time, each from a client process of its own (bench/http-latency-client.ts).
  const [floor, floorServer] = await phase('-', '/healthz');
  const [monitored, monitoredServer] = await phase(monitor, proof);
  const [proofs, proofsServer] = await phase(auditor, proof);
  console.log(
    `GET /healthz (HTTP floor, same run): ${fmt(floor)}; in the server ${fmt(floorServer)}`,
  );
  console.log(
    `GET /v1/log/proof/inclusion over HTTP with a monitor token (hashes only, no per-read record): ${fmt(monitored)} = ${(pct(monitored, 0.99) / pct(floor, 0.99)).toFixed(1)} x floor p99`,
  );
  console.log(
    `  the same requests in the server (HTTP handling included): ${fmt(monitoredServer)}`,
  );
  console.log(
    `GET /v1/log/proof/inclusion over HTTP as an auditor, read recorded durably first: ${fmt(proofs)} = ${(pct(proofs, 0.99) / pct(floor, 0.99)).toFixed(1)} x floor p99`,
  );
  console.log(`  the same requests in the server: ${fmt(proofsServer)}`);
} finally {
  await server.close();
  rmSync(dataDir, { recursive: true, force: true });
}
