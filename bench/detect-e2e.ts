// bench/detect-e2e: detection and alerting inside a running server (SQLite, whole rule pack).
// Clients POST 100-event batches paced at --rate events/s for --seconds; 1 event in 1,000 is a
// key destruction (a shipped rule raises/folds an alert). Prints the time from an event's durable
// commit to its alert stored (the server's keywatch_detection_seconds histogram) and the detection
// backlog when ingest stops, beside the same ingest with no rule firing (baseline, same run).
//   node --import tsx bench/detect-e2e.ts [--rate 10000] [--seconds 10]
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { openServer } from '@keywatch/server';

const { values } = parseArgs({
  options: {
    rate: { type: 'string', default: '10000' },
    seconds: { type: 'string', default: '10' },
  },
});
const RATE = Number(values.rate);
const SECONDS = Number(values.seconds);

async function run(attacks: boolean): Promise<void> {
  const dataDir = mkdtempSync(join(tmpdir(), 'kw-detect-e2e-'));
  const server = await openServer({
    dataDir,
    logger: false,
    config: { rateLimit: { max: 1e9, windowMs: 1000 } },
  });
  const url = await server.app.listen({ port: 0, host: '127.0.0.1' });
  const token = (await server.context.tokens.create({ role: 'ingest', name: 'bench' })).token;
  const batchesPerSecond = RATE / 100;
  const t0 = performance.now();
  let sent = 0;
  const inflight: Promise<unknown>[] = [];
  for (let b = 0; b < batchesPerSecond * SECONDS; b++) {
    const due = t0 + (b / batchesPerSecond) * 1000;
    const wait = due - performance.now();
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    const lines: string[] = [];
    for (let i = 0; i < 100; i++) {
      const n = sent++;
      const destroy = attacks && n % 1000 === 999;
      lines.push(
        JSON.stringify({
          id: `e-${n}`,
          time: new Date().toISOString(),
          type: destroy ? 'key.destroy_scheduled' : 'crypto.decrypt',
          outcome: 'success',
          actor: { id: `svc-${n % 16}`, roles: ['crypto_user'] },
          target: { type: 'key', id: `k-${n % 64}` },
        }),
      );
    }
    inflight.push(
      fetch(`${url}/v1/events`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/x-ndjson' },
        body: lines.join('\n'),
      }).then((r) => r.arrayBuffer()),
    );
    if (inflight.length > 64) await inflight.shift();
  }
  await Promise.all(inflight);
  const ingestS = (performance.now() - t0) / 1000;
  const tBacklog = performance.now();
  await server.context.sequencer.drain();
  await server.context.detection.idle();
  const backlogMs = performance.now() - tBacklog;
  const h = (await server.context.metrics.detectionSeconds.get()).values;
  const count = h.find((v) => v.metricName?.endsWith('_count'))?.value ?? 0;
  const buckets = h.filter((v) => v.metricName?.endsWith('_bucket'));
  const le = (q: number) => buckets.find((v) => v.value >= q * count)?.labels['le'] ?? '+Inf';
  const alerts = await server.context.alerts.list({}, 1000);
  console.log(
    `${attacks ? 'with attacks' : 'baseline    '}: ${sent} events in ${ingestS.toFixed(1)} s (${Math.round(sent / ingestS)}/s offered ${RATE}/s), ` +
      `${count} detections → ${alerts.length} alert(s) (${alerts.reduce((s, a) => s + a.count, 0)} folded matches); ` +
      `commit→alert p50 ≤ ${le(0.5)} s, p99 ≤ ${le(0.99)} s; drain after ingest ${backlogMs.toFixed(0)} ms`,
  );
  await server.close();
  rmSync(dataDir, { recursive: true, force: true });
}

await run(false);
await run(true);
