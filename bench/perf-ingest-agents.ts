// The agents of bench/perf-ingest.ts, in their own process so that they do not share the server's
// event loop: enrolls AGENTS agents over HTTP, then on each "go K" line from stdin every agent
// POSTs one signed /v1/agents/events batch holding one perf.sample of SERIES series, and prints
// "done K" once the server answered them all; "day" sends one agent's full day of samples.
// usage: node --import tsx bench/perf-ingest-agents.ts URL ADMIN_TOKEN AGENTS SERIES CONCURRENCY T0
import { createInterface } from 'node:readline';
import {
  newAgentKey,
  signedHeaders,
  type TestAgentKey,
} from '../packages/server/test/agent-signer.ts';
import { DAY_MS, perfMetricNames } from './perf-series-names.ts';

const [base, admin, agentsArg, seriesArg, concArg, t0Arg] = process.argv.slice(2) as [
  string,
  string,
  string,
  string,
  string,
  string,
];
const AGENTS = Number(agentsArg);
const SERIES = Number(seriesArg);
const CONCURRENCY = Number(concArg);
const T0 = Number(t0Arg);
const DAY = DAY_MS;
const metricNames = perfMetricNames(SERIES);

async function call(method: string, path: string, headers: Record<string, string>, body?: string) {
  const r = await fetch(base + path, { method, headers, ...(body !== undefined && { body }) });
  if (!r.ok) throw new Error(`${method} ${path}: ${r.status} ${await r.text()}`);
  return r.json();
}

async function pool<T>(items: T[], n: number, fn: (t: T) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(n, items.length) }, async () => {
      while (next < items.length) await fn(items[next++]!);
    }),
  );
}

interface Agent {
  n: number;
  id: string;
  host: string;
  key: TestAgentKey;
  seq: number;
}
const json = { authorization: `Bearer ${admin}`, 'content-type': 'application/json' };
const agents: Agent[] = [];
await pool(
  Array.from({ length: AGENTS }, (_, a) => a),
  CONCURRENCY,
  async (n) => {
    const tok = (await call('POST', '/v1/agents/enrollment-tokens', json, '{"group":"kms"}')) as {
      token: string;
    };
    const key = newAgentKey();
    const host = `kms-${n}`;
    const r = (await call(
      'POST',
      '/v1/agents/enroll',
      { 'content-type': 'application/json' },
      JSON.stringify({ token: tok.token, public_key: key.publicKeyBase64, name: host, host }),
    )) as { agent_id: string };
    agents.push({ n, id: r.agent_id, host, key, seq: 0 });
  },
);
agents.sort((a, b) => a.n - b.n);

const perfEvent = (agent: Agent, tsMs: number, m: Record<string, number>) => ({
  time: new Date(tsMs).toISOString(),
  type: 'perf.sample',
  outcome: 'success',
  actor: { id: agent.id, type: 'agent' },
  source: { kind: 'agent', host: agent.host, seq: ++agent.seq },
  detail: { host: agent.host, metrics: m },
});

async function send(agent: Agent, events: object[]): Promise<void> {
  const body = JSON.stringify({ events });
  const path = '/v1/agents/events';
  await call('POST', path, signedHeaders(agent.key, agent.id, 'POST', path, body), body);
}

process.stdout.write('enrolled\n');
for await (const line of createInterface({ input: process.stdin })) {
  const [cmd, arg] = line.split(' ');
  if (cmd === 'go') {
    const k = Number(arg);
    await pool(agents, CONCURRENCY, (ag) =>
      send(ag, [
        perfEvent(
          ag,
          T0 + k * 10_000 + ag.n,
          Object.fromEntries(metricNames.map((m, s) => [m, (ag.n * s + k) % 100])),
        ),
      ]),
    );
    process.stdout.write(`done ${k}\n`);
  } else if (cmd === 'day') {
    // One host's full day, 864 batches of 10 samples, ending at the minute given.
    const end = Number(arg);
    const day = agents[7]!;
    for (let b = 0; b < 864; b++)
      await send(
        day,
        Array.from({ length: 10 }, (_, i) => {
          const ts = end - DAY + (b * 10 + i) * 10_000;
          return perfEvent(day, ts, { 'cpu.day': ts % 100 });
        }),
      );
    process.stdout.write('done day\n');
  } else break;
}
