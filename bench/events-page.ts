// bench/events-page: the first page of GET /v1/events (100 events, newest first) over a large log,
// in server time — app.inject() through authentication, the store query, the JSON answer and the
// access record a person's read writes into the log. Beside it, in the same run and the same way,
// the primary-key lookup GET /v1/log/entries/{i}: the ratio says what the events page costs above
// the cheapest read the server has. The log is real (signed checkpoints, valid Merkle tree),
// written through the Sequencer straight into the store — no HTTP — and can be kept for reuse.
//   node --import tsx bench/events-page.ts [--events 1000000] [--data-dir DIR] [--runs 30]
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import {
  openServer,
  loadOrCreateLogIdentity,
  Sequencer,
  type SequencedEvent,
} from '@keywatch/server';
import { openStore } from '@keywatch/store';

const { values } = parseArgs({
  options: {
    events: { type: 'string', default: '1000000' },
    'data-dir': { type: 'string' },
    runs: { type: 'string', default: '30' },
  },
});
const TARGET = Number(values.events);
const RUNS = Number(values.runs);
const dataDir = values['data-dir'] ?? mkdtempSync(join(tmpdir(), 'kw-events-page-'));
const keep = values['data-dir'] !== undefined;
const ORIGIN = 'bench.keywatch/log';
const T0 = Date.now() - TARGET * 10;
const TYPES = ['crypto.decrypt', 'crypto.encrypt', 'key.create', 'key.rotate', 'auth.login'];

function event(i: number): SequencedEvent {
  return {
    id: `b-${i}`,
    time: new Date(T0 + i * 10).toISOString(),
    type: TYPES[i % 97 === 0 ? 2 + (i % 3) : i % 2]!,
    outcome: i % 500 === 0 ? 'failure' : 'success',
    actor: { id: `svc-${i % 16}`, roles: [i % 1009 === 0 ? 'key_admin' : 'crypto_user'] },
    target: { type: 'key', id: `arn:aws:kms:eu-west-1:111122223333:key/${i % 64}` },
    source: { kind: i % 50 === 0 ? 'vault' : 'native', host: `kms-${i % 4}` },
    message: 'x'.repeat(80),
  };
}

/** Fills the log to TARGET events through the Sequencer (group commit, several batches in flight). */
async function fill(): Promise<void> {
  const identity = loadOrCreateLogIdentity(dataDir, ORIGIN);
  const store = await openStore({ dataDir });
  await store.migrate();
  const seq = await Sequencer.open({ store, identity, maxBatch: 5000 });
  const start = seq.size;
  if (start >= TARGET) return void (await store.close());
  const t0 = performance.now();
  const inflight = new Set<Promise<unknown>>();
  for (let i = start; i < TARGET; i += 5000) {
    const batch = Array.from({ length: Math.min(5000, TARGET - i) }, (_, k) => event(i + k));
    const p = seq.append(batch).finally(() => inflight.delete(p));
    inflight.add(p);
    if (inflight.size >= 4) await Promise.race(inflight);
    if ((i / 5000) % 200 === 0)
      process.stderr.write(`\rfilled ${i.toLocaleString('en')} / ${TARGET.toLocaleString('en')}`);
  }
  await Promise.all(inflight);
  await seq.drain();
  const s = (performance.now() - t0) / 1000;
  process.stderr.write(
    `\rfilled ${TARGET.toLocaleString('en')} events in ${s.toFixed(0)} s (${Math.round((TARGET - start) / s).toLocaleString('en')} events/s)\n`,
  );
  // Detection is not what is measured: mark the log as already seen so the server does not replay it.
  await store.setMeta('detect.snapshot', JSON.stringify({ processed: TARGET }));
  await store.close();
}

function stats(ms: number[]): { median: number; p95: number } {
  const s = [...ms].sort((a, b) => a - b);
  return { median: s[Math.floor(s.length / 2)]!, p95: s[Math.floor(s.length * 0.95)]! };
}

async function main(): Promise<void> {
  await fill();
  const server = await openServer({ dataDir, origin: ORIGIN, logger: false });
  try {
    const token = readFileSync(join(dataDir, 'initial-admin-token'), 'utf8').trim();
    const size = server.context.sequencer.size;
    const time = async (
      url: () => string,
    ): Promise<{ median: number; p95: number; bytes: number }> => {
      let bytes = 0;
      for (let i = 0; i < 3; i++)
        await server.app.inject({ url: url(), headers: { authorization: `Bearer ${token}` } });
      const ms: number[] = [];
      for (let i = 0; i < RUNS; i++) {
        const t0 = performance.now();
        const res = await server.app.inject({
          url: url(),
          headers: { authorization: `Bearer ${token}` },
        });
        ms.push(performance.now() - t0);
        if (res.statusCode !== 200)
          throw new Error(`${url()}: ${res.statusCode} ${res.body.slice(0, 200)}`);
        bytes = res.rawPayload.length;
      }
      return { ...stats(ms), bytes };
    };
    let n = 0;
    const baseline = await time(
      () => `/v1/log/entries/${Math.floor((((++n * 7919) % 1000) / 1000) * (size - 1))}`,
    );
    console.log(`log: ${size.toLocaleString('en')} events (SQLite, ${dataDir})`);
    console.log(
      `baseline GET /v1/log/entries/{i} (primary key): median ${baseline.median.toFixed(2)} ms, p95 ${baseline.p95.toFixed(2)} ms`,
    );
    // The newest generated event's time (a reused log was filled in an earlier run), less 50k events.
    const [newest] = await server.context.store.queryEvents({ sourceKind: 'native' }, 1);
    const newestMs = Date.parse(
      (JSON.parse(Buffer.from(newest!.leaf).toString()) as { time: string }).time,
    );
    const since = new Date(newestMs - 50_000 * 10).toISOString();
    const pages: [string, string][] = [
      ['first page, no filter', '/v1/events?limit=100'],
      ['first page, type=key.rotate (rare)', '/v1/events?limit=100&type=key.rotate'],
      ['first page, actor + outcome=failure', '/v1/events?limit=100&actor=svc-0&outcome=failure'],
      ['first page, host, since (last 50k)', `/v1/events?limit=100&host=kms-2&since=${since}`],
      ['page at a cursor mid-log', `/v1/events?limit=100&cursor=${Math.floor(size / 2)}`],
      ['free text (key/42) + host, bounded scan', '/v1/events?limit=100&host=kms-2&text=key%2F42'],
    ];
    // The store alone (no HTTP, no access record): what the query itself costs.
    const store = server.context.store;
    const storeTime = async (fn: () => Promise<unknown>) => {
      for (let i = 0; i < 3; i++) await fn();
      const ms: number[] = [];
      for (let i = 0; i < RUNS; i++) {
        const t0 = performance.now();
        await fn();
        ms.push(performance.now() - t0);
      }
      return stats(ms).median;
    };
    const leafMs = await storeTime(() => store.readLeaf(Math.floor(Math.random() * size)));
    const pageMs = await storeTime(() => store.queryEvents({}, 100));
    console.log(
      `store only: queryEvents first 100 ${pageMs.toFixed(2)} ms vs readLeaf ${leafMs.toFixed(2)} ms = ${(pageMs / leafMs).toFixed(1)} x`,
    );
    for (const [name, url] of pages) {
      const r = await time(() => url);
      console.log(
        `${name.padEnd(38)} median ${r.median.toFixed(2).padStart(7)} ms, p95 ${r.p95.toFixed(2).padStart(7)} ms = ${(r.median / baseline.median).toFixed(1)} x baseline (${(r.bytes / 1024).toFixed(0)} kB)${r.median < 300 ? '' : '  OVER 300 ms'}`,
      );
    }
  } finally {
    await server.close();
    if (!keep && existsSync(dataDir)) rmSync(dataDir, { recursive: true, force: true });
  }
}

await main();
