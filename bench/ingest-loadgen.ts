// Load generator for bench/ingest.ts, run as a separate process so that it does not share the
// server's event loop: C concurrent clients POST 100-event NDJSON batches for D seconds and count
// the events the server acknowledged (durably). Prints one JSON line.
// usage: node --import tsx bench/ingest-loadgen.ts URL TOKEN CLIENTS SECONDS PREFIX [sequential|uuid|none]
import { randomUUID } from 'node:crypto';
import http from 'node:http';

const [url, token, clientsArg, secondsArg, prefix, idsArg] = process.argv.slice(2) as [
  string,
  string,
  string,
  string,
  string,
  string | undefined,
];
// sequential: ids that sort in the order sent (PREFIX-client-request-i), so the unique index on
// ids grows at a few points; uuid: random v4 UUIDs, as most producers send, each landing on a
// random page of that index; none: no id, the server assigns one.
const ids = idsArg ?? 'sequential';
const clients = Number(clientsArg);
const seconds = Number(secondsArg);
const BATCH = 100;

// The same ~300-byte event as research/machine-baselines.md, with a unique id per event.
const tail = (i: number) =>
  `,"time":"2026-11-28T14:03:07.123Z","type":"crypto.decrypt","outcome":"success","actor":{"id":"svc-${i % 16}","roles":["crypto_user"],"ip":"10.0.0.${i % 250}"},"target":{"type":"key","id":"arn:aws:kms:eu-west-1:111122223333:key/${i % 64}"},"source":{"kind":"native","host":"kms-${i % 4}"}}`;
const tails = Array.from({ length: BATCH }, (_, i) => tail(i));

function body(client: number, n: number): string {
  let s = '';
  for (let i = 0; i < BATCH; i++) {
    const id =
      ids === 'none'
        ? ''
        : `"id":"${ids === 'uuid' ? randomUUID() : `${prefix}-${client}-${n}-${i}`}"`;
    s += `{${id}${ids === 'none' ? tails[i]!.slice(1) : tails[i]}\n`;
  }
  return s;
}

// node:http with a keep-alive agent, one socket per client: fetch (undici) cost this process about
// 1 ms of CPU per request, CPU taken from the server it measures on the same two cores.
const agent = new http.Agent({ keepAlive: true, maxSockets: clients });
const target = new URL('/v1/events', url);
function post(payload: string): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      target,
      {
        method: 'POST',
        agent,
        headers: {
          authorization: `Bearer ${token}`,
          'content-type': 'application/x-ndjson',
          'content-length': Buffer.byteLength(payload),
        },
      },
      (res) => {
        const parts: Buffer[] = [];
        res.on('data', (d: Buffer) => parts.push(d));
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, text: Buffer.concat(parts).toString('utf8') }),
        );
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(payload);
  });
}

const deadline = Date.now() + seconds * 1000;
let acked = 0;
let errors = 0;
const latencies: number[] = [];
const started = Date.now();
const cpu0 = process.cpuUsage();
await Promise.all(
  Array.from({ length: clients }, async (_, c) => {
    for (let n = 0; Date.now() < deadline; n++) {
      const t0 = performance.now();
      const res = await post(body(c, n));
      const json = JSON.parse(res.text) as { accepted?: number };
      latencies.push(performance.now() - t0);
      if (res.status === 200 && json.accepted === BATCH) acked += BATCH;
      else errors++;
    }
  }),
);
const elapsed = (Date.now() - started) / 1000;
latencies.sort((a, b) => a - b);
const p = (q: number) =>
  latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))] ?? 0;
process.stdout.write(
  JSON.stringify({
    acked,
    errors,
    seconds: elapsed,
    p50ms: p(0.5),
    p99ms: p(0.99),
    cores: ((c) => (c.user + c.system) / 1e6 / elapsed)(process.cpuUsage(cpu0)),
  }) + '\n',
);
