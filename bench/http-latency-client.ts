// Client half of bench/proof-latency.ts, in its own process so that its own work and garbage
// collection do not land in the server's latencies: sequential GETs of PATH ("{i}" replaced by a
// random index below SIZE), one at a time, after 1,000 unmeasured warm-up requests. Prints the
// latencies (ms) as one JSON array.
// usage: node --import tsx bench/http-latency-client.ts URL TOKEN PATH SIZE SAMPLES
import { Agent, request } from 'node:http';

const [url, token, path, sizeArg, samplesArg] = process.argv.slice(2) as [
  string,
  string,
  string,
  string,
  string,
];
const size = Number(sizeArg);
const samples = Number(samplesArg);
// Enough warm-up for both processes' JIT to settle: with 50, compilation stalls of the first
// requests still landed in p99 (200,000 events: monitor p99 4.68 ms against 3.62 with 1,000).
const WARMUP = 1000;
const agent = new Agent({ keepAlive: true, maxSockets: 1 });
const headers = token === '-' ? {} : { authorization: `Bearer ${token}` };

function get(p: string): Promise<number> {
  const t = performance.now();
  return new Promise((resolve, reject) => {
    const req = request(url + p, { agent, headers }, (res) => {
      res.on('data', () => {});
      res.on('end', () =>
        res.statusCode === 200
          ? resolve(performance.now() - t)
          : reject(new Error(`${p}: ${res.statusCode}`)),
      );
    });
    req.on('error', reject);
    req.end();
  });
}

const out: number[] = [];
for (let s = 0; s < samples + WARMUP; s++) {
  const ms = await get(path.replace('{i}', String(Math.floor(Math.random() * size))));
  if (s >= WARMUP) out.push(ms);
}
agent.destroy();
process.stdout.write(JSON.stringify(out) + '\n');
