// bench/ingest-stages: the cost of each step an ingested event goes through on the server's main
// thread, in microseconds per event, for the same ~300-byte event bench/ingest.ts sends: NDJSON
// split + JSON.parse, validation, the sequencer's append (RFC 8785 leaf, SHA-256, Merkle frontier,
// row, one durable SQLite transaction per batch, signed checkpoint). The baseline is JSON.parse of
// the same body, measured in the same run. Times are CPU time of this process (steadier than wall
// time on a shared machine; only the main thread works here).
//   node --import tsx bench/ingest-stages.ts [--events 200000] [--batch 800]
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { canonicalLeaf, leafHash, MerkleFrontier } from '@keywatch/auditlog';
import { validateEvent } from '@keywatch/protocol';
import { loadOrCreateLogIdentity, Sequencer, splitBody } from '@keywatch/server';
import { openSqliteStore } from '@keywatch/store';

const { values } = parseArgs({
  options: {
    events: { type: 'string', default: '200000' },
    batch: { type: 'string', default: '800' },
  },
});
const N = Number(values.events);
const BATCH = Number(values.batch);

const line = (i: number) =>
  `{"id":"ev-${i}","time":"2026-11-28T14:03:07.123Z","type":"crypto.decrypt","outcome":"success","actor":{"id":"svc-${i % 16}","roles":["crypto_user"],"ip":"10.0.0.${i % 250}"},"target":{"type":"key","id":"arn:aws:kms:eu-west-1:111122223333:key/${i % 64}"},"source":{"kind":"native","host":"kms-${i % 4}"}}`;
const bodies: string[] = [];
for (let b = 0; b < N / BATCH; b++) {
  let s = '';
  for (let i = 0; i < BATCH; i++) s += line(b * BATCH + i) + '\n';
  bodies.push(s);
}

const cpuUs = (c: NodeJS.CpuUsage): number => c.user + c.system;

function time(label: string, fn: () => void, base?: number): number {
  const c0 = process.cpuUsage();
  fn();
  const us = cpuUs(process.cpuUsage(c0)) / N;
  const ratio = base === undefined ? '' : `  (${(us / base).toFixed(2)} × JSON.parse)`;
  console.log(`${label.padEnd(34)} ${us.toFixed(2).padStart(7)} µs/event${ratio}`);
  return us;
}

const base = time('baseline: JSON.parse per line', () => {
  for (const b of bodies) for (const l of b.split('\n')) if (l) JSON.parse(l);
});
let items: ReturnType<typeof splitBody>[] = [];
time('splitBody (NDJSON)', () => (items = bodies.map((b) => splitBody(b, true))), base);
const events: Record<string, unknown>[] = [];
time(
  'validateEvent',
  () => {
    for (const list of items)
      for (const it of list) {
        if (!('value' in it)) throw new Error('bad line');
        const v = validateEvent(it.value);
        if (!v.ok) throw new Error(v.problem.reason);
        events.push({ ...v.event, index: 0, received: '2026-11-28T14:03:08.000Z' });
      }
  },
  base,
);
const leaves: Buffer[] = [];
time('canonicalLeaf (RFC 8785)', () => events.forEach((e) => leaves.push(canonicalLeaf(e))), base);
const hashes: Buffer[] = [];
time('leafHash (SHA-256)', () => leaves.forEach((l) => hashes.push(leafHash(l))), base);
const frontier = MerkleFrontier.restore(0, () => Buffer.alloc(32));
time('MerkleFrontier.append', () => hashes.forEach((h) => frontier.append(h)), base);

const dir = mkdtempSync(join(tmpdir(), 'kw-stages-'));
const store = await openSqliteStore({ path: join(dir, 'keywatch.db') });
await store.migrate();
const identity = loadOrCreateLogIdentity(dir, 'bench.keywatch.local/stages');
const sequencer = await Sequencer.open({ store, identity, maxBatch: BATCH });
const batches = items.map((list) =>
  list.map((it) => {
    const v = validateEvent((it as { value: unknown }).value);
    if (!v.ok) throw new Error(v.problem.reason);
    return { ...v.event, id: v.event.id! };
  }),
);
const c0 = process.cpuUsage();
for (const b of batches) await sequencer.append(b);
const us = cpuUs(process.cpuUsage(c0)) / N;
console.log(
  `${'sequencer.append (durable, all)'.padEnd(34)} ${us.toFixed(2).padStart(7)} µs/event  (${(us / base).toFixed(2)} × JSON.parse)`,
);
console.log(`→ one core could sequence ${Math.round(1e6 / us)} events/s`);
await store.close();
rmSync(dir, { recursive: true, force: true });
