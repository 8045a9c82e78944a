// bench/store-append: LogStore.appendBatch throughput on SQLite and PostgreSQL. Each batch is one
// durable transaction of 1,000 events (~400-byte leaves), their Merkle stored hashes and one
// checkpoint; only appendBatch is timed. Measured twice: with 1,000 hashes per batch (the figure
// the store's target is stated for) and with 2,000 (what the sequencer writes: RFC 9162 stores
// about two hashes per leaf). Beside it, in the same run, the raw floor of
// research/machine-baselines.md (1,000 plain rows per commit), so that figures from a busy machine
// can be read as ratios. With --query N it then fills the log to N events and times queryEvents
// (limit 100, newest first) for each filter.
//   node --import tsx bench/store-append.ts [--batches 200] [--query 1000000] [--pg URL] [--no-pg] [--no-sqlite]
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import Database from 'better-sqlite3';
import pg from 'pg';
import { withTempPgDatabase } from './temp-pg.ts';
import {
  openPostgresStore,
  openSqliteStore,
  type AppendBatch,
  type EventFilter,
  type EventRow,
  type LogStore,
} from '@keywatch/store';

const { values } = parseArgs({
  options: {
    batches: { type: 'string', default: '200' }, // even: two interleaved halves per configuration
    query: { type: 'string', default: '0' },
    pg: {
      type: 'string',
      default: process.env['KEYWATCH_TEST_PG_URL'] ?? 'postgres://postgres@127.0.0.1:5432/postgres',
    },
    'no-pg': { type: 'boolean', default: false },
    'no-sqlite': { type: 'boolean', default: false },
  },
});
const BATCH = 1000;
const BATCHES = Number(values.batches);
const T0 = 1_780_000_000_000;
const TYPES = [
  'crypto.decrypt',
  'crypto.encrypt',
  'key.create',
  'key.rotate',
  'key.destroy_scheduled',
  'auth.login',
  'audit.config_change',
  'fim.modified',
];
const ROLES = ['crypto_user', 'key_admin', 'auditor', 'security_officer'];
const rate = (n: number, ms: number): string => Math.round(n / (ms / 1000)).toLocaleString('en');

/**
 * Deterministic and shaped like bench/ingest-loadgen.ts (16 actors, 64 keys, 4 hosts), plus a few
 * rare types, failures, roles and severities for the queries to find.
 */
function eventRow(index: number): EventRow {
  const fields = {
    index,
    id: `bench-${index % 8}-${index}`,
    timeMs: T0 + index * 10,
    receivedMs: T0 + index * 10 + 3,
    type: TYPES[index % 97 === 0 ? 2 + (index % 6) : index % 2]!,
    outcome: index % 500 === 0 ? 'failure' : 'success',
    actorId: `svc-${index % 16}`,
    actorRoles: [ROLES[index % 1009 === 0 ? 1 + (index % 3) : 0]!],
    targetId: `arn:aws:kms:eu-west-1:111122223333:key/${index % 64}`,
    targetType: 'key',
    host: `kms-${index % 4}`,
    sourceKind: index % 50 === 0 ? 'vault' : 'native',
    severity: index % 1000 === 0 ? 'high' : null,
  };
  const leaf = Buffer.from(JSON.stringify({ ...fields, message: 'x'.repeat(120) }));
  // A plain literal, like the server's toEventRow: objects made by spreading read several times
  // slower in V8, which would be charged to appendBatch.
  const f = fields;
  return {
    index,
    id: f.id,
    timeMs: f.timeMs,
    receivedMs: f.receivedMs,
    type: f.type,
    outcome: f.outcome,
    actorId: f.actorId,
    actorRoles: f.actorRoles,
    targetId: f.targetId,
    targetType: f.targetType,
    host: f.host,
    sourceKind: f.sourceKind,
    severity: f.severity,
    leaf,
  };
}

let hashCount = 0;
let hashesPerBatch = 2 * BATCH;

function makeBatch(first: number): AppendBatch {
  const events = Array.from({ length: BATCH }, (_, i) => eventRow(first + i));
  const hashes = Array.from({ length: hashesPerBatch }, () => randomBytes(32));
  const size = first + BATCH;
  const start = hashCount;
  hashCount += hashes.length;
  return {
    events,
    hashes: { start, values: hashes },
    checkpoint: { size, root: randomBytes(32), note: `bench\n${size}\n`, createdMs: Date.now() },
  };
}

/**
 * Appends `count` batches; returns the milliseconds spent inside appendBatch. With `prebuilt` the
 * batches are generated first, so that the generator's garbage is not collected inside the timing.
 */
async function append(store: LogStore, count: number, prebuilt = false): Promise<number> {
  const first = await store.logSize();
  const ready = prebuilt
    ? Array.from({ length: count }, (_, b) => makeBatch(first + b * BATCH))
    : [];
  let busy = 0;
  for (let b = 0; b < count; b++) {
    const batch = ready[b] ?? makeBatch(first + b * BATCH);
    const t0 = performance.now();
    await store.appendBatch(batch);
    busy += performance.now() - t0;
  }
  return busy;
}

const QUERIES: [string, EventFilter][] = [
  ['no filter', {}],
  ['type (common)', { types: ['crypto.decrypt'] }],
  ['type (rare)', { types: ['key.rotate'] }],
  ['types (2 rare)', { types: ['key.rotate', 'auth.login'] }],
  ['typePrefix key.', { typePrefix: 'key.' }],
  ['actorId', { actorId: 'svc-7' }],
  ['actorId (absent)', { actorId: 'nobody' }],
  ['role (rare)', { role: 'key_admin' }],
  ['outcome failure', { outcome: 'failure' }],
  ['targetId', { targetId: 'arn:aws:kms:eu-west-1:111122223333:key/42' }],
  ['host', { host: 'kms-2' }],
  ['sourceKind vault', { sourceKind: 'vault' }],
  ['severity high', { severity: 'high' }],
  ['since (recent)', { sinceMs: T0 + 990_000 * 10 }],
  ['since+until (old window)', { sinceMs: T0 + 1_000_000, untilMs: T0 + 2_000_000 }],
  ['type + outcome', { types: ['crypto.decrypt'], outcome: 'failure' }],
  ['host + cursor mid-log', { host: 'kms-1', beforeIndex: 500_000 }],
  ['role + actor (rare pair)', { role: 'key_admin', actorId: 'svc-9' }],
  ['severity + old window', { severity: 'high', sinceMs: T0 + 1_000_000, untilMs: T0 + 3_000_000 }],
];

async function timeQueries(store: LogStore): Promise<void> {
  for (const [name, filter] of QUERIES) {
    await store.queryEvents(filter, 100); // warm
    const runs: number[] = [];
    let n = 0;
    for (let i = 0; i < 5; i++) {
      const t0 = performance.now();
      n = (await store.queryEvents(filter, 100)).length;
      runs.push(performance.now() - t0);
    }
    runs.sort((a, b) => a - b);
    console.log(
      `  ${store.dialect} query ${name.padEnd(26)} ${runs[2]!.toFixed(2).padStart(7)} ms (median of 5, ${n} rows)`,
    );
  }
}

async function benchStore(
  store: LogStore,
  floor: () => Promise<number>,
  analyze: () => Promise<void>,
): Promise<void> {
  try {
    await store.migrate();
    hashCount = 0;
    await append(store, 10); // warm-up: statement preparation, page cache
    const floorBefore = await floor();
    // Interleaved halves, so that neither configuration alone meets the writeback of the floor run
    // or a noisy neighbour.
    const timed = new Map<number, number>([
      [BATCH, 0],
      [2 * BATCH, 0],
    ]);
    for (const perBatch of [BATCH, 2 * BATCH, 2 * BATCH, BATCH]) {
      hashesPerBatch = perBatch;
      timed.set(perBatch, timed.get(perBatch)! + (await append(store, BATCHES / 2, true)));
    }
    const floorRate = (floorBefore + (await floor())) / 2;
    const events = BATCHES * BATCH;
    console.log(
      `${store.dialect} raw floor, same run: ${Math.round(floorRate).toLocaleString('en')} rows/s (1,000 rows per commit)`,
    );
    for (const [perBatch, ms] of timed) {
      const eps = events / (ms / 1000);
      console.log(
        `${store.dialect} appendBatch: ${rate(events, ms)} events/s = ${(eps / floorRate).toFixed(2)} x floor ` +
          `(${BATCHES} batches of ${BATCH} events + ${perBatch} hashes + 1 checkpoint)`,
      );
    }
    const target = Number(values.query);
    if (target > 0) {
      await append(store, Math.max(0, Math.ceil((target - (await store.logSize())) / BATCH)));
      await analyze();
      console.log(`${store.dialect}: ${(await store.logSize()).toLocaleString('en')} events`);
      await timeQueries(store);
    }
  } finally {
    await store.close();
  }
}

/** research/machine-baselines.md §2: 1,000 rows (309-byte text + 32-byte blob) per commit, WAL, FULL. */
function sqliteFloor(dir: string): Promise<number> {
  const db = new Database(join(dir, `floor-${randomBytes(4).toString('hex')}.db`));
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.exec('create table events (seq integer primary key, payload text, leaf blob)');
  const insert = db.prepare('insert into events values (?, ?, ?)');
  const payload = 'x'.repeat(309);
  const leaf = randomBytes(32);
  const tx = db.transaction((b: number) => {
    for (let i = 0; i < BATCH; i++) insert.run(b * BATCH + i, payload, leaf);
  });
  const t0 = performance.now();
  for (let b = 0; b < BATCHES; b++) tx.immediate(b);
  const ms = performance.now() - t0;
  db.close();
  return Promise.resolve((BATCHES * BATCH) / (ms / 1000));
}

/** research/machine-baselines.md §3: a 1,000-row multi-row INSERT … VALUES per commit. */
async function pgFloor(url: string): Promise<number> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  const table = `floor_${randomBytes(4).toString('hex')}`;
  await c.query(`create table ${table} (seq bigint primary key, payload text)`);
  const payload = 'x'.repeat(309);
  const text = `insert into ${table} values ${Array.from({ length: BATCH }, (_, i) => `($${2 * i + 1}, $${2 * i + 2})`).join(',')}`;
  const t0 = performance.now();
  for (let b = 0; b < BATCHES; b++)
    await c.query(text, Array.from({ length: BATCH }, (_, i) => [b * BATCH + i, payload]).flat());
  const ms = performance.now() - t0;
  await c.query(`drop table ${table}`);
  await c.end();
  return (BATCHES * BATCH) / (ms / 1000);
}

if (!values['no-sqlite']) {
  const dir = mkdtempSync(join(tmpdir(), 'kw-bench-'));
  try {
    await benchStore(
      await openSqliteStore({ path: join(dir, 'bench.db') }),
      () => sqliteFloor(dir),
      () => Promise.resolve(),
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (!values['no-pg']) {
  await withTempPgDatabase(values.pg, async (url) => {
    const analyze = async (): Promise<void> => {
      const c = new pg.Client({ connectionString: url });
      await c.connect();
      await c.query('vacuum analyze'); // what autovacuum does on a live server
      await c.end();
    };
    await benchStore(await openPostgresStore({ url }), () => pgFloor(url), analyze);
  });
}
