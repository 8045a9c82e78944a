// bench/alert-outbox: notifications per second through the persisted outbox (claim under a lease,
// signed webhook POST, outcome events, settle, all durable) to a webhook sink on loopback, beside
// the floor measured in the same run: plain POSTs of the same bodies to the same sink with the same
// number in flight. Then, unless --downtime-s 0, the outbox demo: the receiver goes down for that
// long while alerts keep coming, a second dispatcher replaces the first halfway, and the receiver
// gets every notification exactly once after it returns.
//   node --import tsx bench/alert-outbox.ts [--n 3000] [--batch 64] [--downtime-s 60] [--pg URL] [--no-pg]
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { parseArgs } from 'node:util';
import {
  AlertService,
  notificationPayload,
  openAlert,
  OutboxDispatcher,
  WebhookNotifier,
} from '@keywatch/alert';
import {
  openPostgresStore,
  openSqliteStore,
  type LogStore,
  type OutboxItem,
} from '@keywatch/store';
import { startWebhookSink, type WebhookSink } from '@keywatch/testkit';
import { withTempPgDatabase } from './temp-pg.ts';

const { values } = parseArgs({
  options: {
    n: { type: 'string', default: '3000' },
    batch: { type: 'string', default: '64' },
    'downtime-s': { type: 'string', default: '60' },
    pg: {
      type: 'string',
      default: process.env['KEYWATCH_TEST_PG_URL'] ?? 'postgres://postgres@127.0.0.1:5432/postgres',
    },
    'no-pg': { type: 'boolean', default: false },
  },
});
const N = Number(values.n);
const BATCH = Number(values.batch);
const DOWNTIME_MS = Number(values['downtime-s']) * 1000;
const SECRET = 'bench-secret-0123456789abcdef';
const rate = (n: number, ms: number): string => Math.round(n / (ms / 1000)).toLocaleString('en');

function items(n: number, prefix: string): OutboxItem[] {
  const now = Date.now();
  return Array.from({ length: n }, (_, i) => {
    const id = `${prefix}-${i}`;
    const change = openAlert(
      `al-${prefix}-${i}`,
      {
        ruleId: 'kms.destroy_scheduled',
        title: 'Key destruction scheduled',
        severity: 'high',
        tags: ['kms', 'key-lifecycle'],
        dedupeKey: `k-${i}`,
        eventIndexes: [1000 + i],
        summary: `alice scheduled the destruction of payments-cmk-${i}`,
        fields: { key: `arn:aws:kms:eu-west-1:1111:key/${i}`, actor: 'alice', host: 'kms-1' },
      },
      now,
    );
    const payload = JSON.stringify(notificationPayload(id, change));
    return {
      id,
      alertId: change.alert.id,
      channel: 'soc',
      payload,
      createdMs: now,
      expiresMs: now + 3_600_000,
      nextAttemptMs: now,
    };
  });
}

/** The floor: the same bodies POSTed with `BATCH` in flight, no store, no signature. */
async function baseline(sink: WebhookSink, bodies: string[]): Promise<number> {
  const start = performance.now();
  let next = 0;
  await Promise.all(
    Array.from({ length: BATCH }, async () => {
      while (next < bodies.length) {
        const body = bodies[next++]!;
        const res = await fetch(sink.url, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body,
        });
        await res.arrayBuffer();
      }
    }),
  );
  return performance.now() - start;
}

async function throughput(dialect: string, store: LogStore): Promise<void> {
  const sink = await startWebhookSink();
  try {
    const alerts = store.alerts();
    const list = items(N, 'nt');
    for (let i = 0; i < list.length; i += 500)
      await alerts.enqueueNotifications(list.slice(i, i + 500));
    const warm = items(200, 'warm').map((x) => x.payload);
    await baseline(sink, warm); // sockets and JIT warm for both
    const d = new OutboxDispatcher({
      store: alerts,
      channels: new Map([['soc', new WebhookNotifier({ url: sink.url, secret: SECRET })]]),
      record: async () => undefined,
      batchSize: BATCH,
      pollMs: 5,
    });
    const start = performance.now();
    d.start();
    await sink.waitFor(N + warm.length, 600_000);
    // Settled too (the last batch's transaction), checked without loading the store meanwhile.
    while ((await alerts.countNotifications()).delivered < N) await sleep(2);
    const outboxMs = performance.now() - start;
    await d.stop();
    const floorMs = await baseline(
      sink,
      list.map((x) => x.payload),
    );
    console.log(
      `${dialect.padEnd(8)} outbox ${rate(N, outboxMs).padStart(7)} notifications/s   plain POST ${rate(N, floorMs).padStart(7)}/s   ratio ${(floorMs / outboxMs).toFixed(2)}   (${N} notifications, batch ${BATCH}, ${Math.round(list[0]!.payload.length)} B bodies)`,
    );
    const service = new AlertService({
      store: alerts,
      routes: [{ name: 'soc' }, { name: 'siem' }],
    });
    const t0 = performance.now();
    const M = 500;
    for (let i = 0; i < M; i++)
      await service.recordDetection({
        ruleId: 'r',
        title: 'Rule',
        severity: 'high',
        tags: [],
        dedupeKey: `bench-${i}`,
        eventIndexes: [i],
        summary: 's',
        fields: {},
      });
    console.log(
      `${dialect.padEnd(8)} recordDetection (alert + history + 2 outbox rows, one durable transaction): ${rate(M, performance.now() - t0)}/s sequential`,
    );
  } finally {
    await sink.stop();
  }
}

async function downtimeDemo(dialect: string, open: () => Promise<LogStore>): Promise<void> {
  const sink = await startWebhookSink();
  await sink.stop();
  const channels = new Map([
    ['soc', new WebhookNotifier({ url: sink.url, secret: SECRET, timeoutMs: 2000 })],
  ]);
  let failures = 0;
  // One "process": a store handle, the service writing alerts into it, a dispatcher draining it.
  const boot = async () => {
    const store = await open();
    const service = new AlertService({ store: store.alerts(), routes: [{ name: 'soc' }] });
    const dispatcher = new OutboxDispatcher({
      store: store.alerts(),
      channels,
      batchSize: BATCH,
      pollMs: 100,
      leaseMs: 15_000,
      backoff: { initialMs: 500, maxMs: 10_000 },
      record: async (ev) =>
        void (failures += ev.filter((e) => e.type === 'notification.failed').length),
    });
    dispatcher.start();
    return { store, service, dispatcher };
  };
  let proc = await boot();
  const start = Date.now();
  let sent = 0;
  const produce = async (until: number) => {
    while (Date.now() < until) {
      await proc.service.recordDetection({
        ruleId: 'r',
        title: 'Rule',
        severity: 'high',
        tags: [],
        dedupeKey: `demo-${sent}`,
        eventIndexes: [sent],
        summary: 's',
        fields: {},
      });
      sent++;
      await sleep(50); // 20 alerts per second while the receiver is down
    }
  };
  await produce(start + DOWNTIME_MS / 2);
  // Halfway through the outage the process is replaced: everything on the old handle stops.
  await proc.dispatcher.stop();
  await proc.store.close();
  proc = await boot();
  await produce(start + DOWNTIME_MS);
  await sink.restart();
  const back = Date.now();
  await sink.waitFor(sent, 120_000);
  const drained = Date.now();
  await sleep(1000); // room for a duplicate to show up, if there were one
  await proc.dispatcher.stop();
  const keys = new Set(sink.requests.map((r) => r.headers['idempotency-key']));
  const counts = await proc.store.alerts().countNotifications();
  console.log(
    `${dialect.padEnd(8)} demo: receiver down ${DOWNTIME_MS / 1000} s, ${sent} notifications queued, ${failures} failed attempts recorded, process restarted halfway; ` +
      `after the receiver returned: ${sink.requests.length} requests, ${keys.size} distinct Idempotency-Keys, drained in ${((drained - back) / 1000).toFixed(1)} s; outbox ${JSON.stringify(counts)}`,
  );
  await proc.store.close();
  await sink.stop();
}

const dir = mkdtempSync(join(tmpdir(), 'kw-bench-alert-'));
try {
  let k = 0;
  const sqlite = async (path: string) => {
    const s = await openSqliteStore({ path });
    await s.migrate();
    return s;
  };
  const s1 = await sqlite(join(dir, `t${k++}.db`));
  await throughput('sqlite', s1);
  await s1.close();
  if (!values['no-pg'])
    await withTempPgDatabase(values.pg, async (url) => {
      const s = await openPostgresStore({ url });
      await s.migrate();
      await throughput('postgres', s);
      await s.close();
    });
  if (DOWNTIME_MS > 0) {
    const path = join(dir, 'demo.db');
    await downtimeDemo('sqlite', () => sqlite(path));
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
