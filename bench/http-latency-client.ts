// Client half of bench/proof-latency.ts, in its own process so that its own work and garbage
// collection do not land in the server's latencies: sequential GETs of PATH ("{i}" replaced by a
// random index below SIZE), one at a time, after 50 unmeasured warm-up requests. Prints the
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
for (let s = 0; s < samples + 50; s++) {
  const ms = await get(path.replace('{i}', String(Math.floor(Math.random() * size))));
  if (s >= 50) out.push(ms);
}
agent.destroy();
process.stdout.write(JSON.stringify(out) + '\n');
