// bench/perf-agent: the agent's own overhead for the perf module — CPU seconds and RSS while it
// samples every second (host metrics, 2 KMS process names, no probes), beside the same process
// idle for as long; then one crypto-capacity benchmark run in its nice-19 child (its CPU read from
// /proc/self/stat cutime+cstime, which count waited-for children).
//   node --import tsx bench/perf-agent.ts [--seconds 20]
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import type { AgentContext } from '../packages/agent/src/agent-module.ts';
import { PerfModule } from '../packages/agent/src/perf/perf-module.ts';
import { benchInChild } from '../packages/agent/src/perf/crypto-bench-runner.ts';

const { values } = parseArgs({ options: { seconds: { type: 'string', default: '20' } } });
const SECONDS = Number(values.seconds);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const cpuS = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1e6;
};
const childCpuS = () => {
  const stat = readFileSync('/proc/self/stat', 'utf8');
  const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(f[13]) + Number(f[14])) / 100; // cutime, cstime (fields 16, 17)
};
const rssMiB = () => process.memoryUsage().rss / 2 ** 20;

let emitted = 0;
const ctx: AgentContext = {
  agentId: 'bench',
  stateDir: '/tmp',
  emit: async () => {
    emitted++;
  },
  request: async () => ({}),
  log: () => {},
};

let c = cpuS();
const rss0 = rssMiB();
await sleep(SECONDS * 1000);
const idle = cpuS() - c;

const mod = new PerfModule();
c = cpuS();
await mod.start(ctx, {
  interval_seconds: 1,
  processes: ['vault', 'softhsm2'],
  bench_interval_seconds: 0,
});
await sleep(SECONDS * 1000);
await mod.stop();
const busy = cpuS() - c;
const rss1 = rssMiB();
console.log(`idle process: ${((100 * idle) / SECONDS).toFixed(3)} % CPU over ${SECONDS} s`);
console.log(
  `perf module, 1 sample/s: ${((100 * busy) / SECONDS).toFixed(3)} % CPU (${((1000 * (busy - idle)) / emitted).toFixed(2)} ms CPU per sample above idle, ${emitted} samples), RSS ${rss0.toFixed(0)} → ${rss1.toFixed(0)} MiB`,
);
const ch = childCpuS();
const t = performance.now();
const figures = await benchInChild(40);
console.log(
  `crypto benchmark run (nice 19 child): ${((performance.now() - t) / 1000).toFixed(2)} s wall, ${(childCpuS() - ch).toFixed(2)} s CPU; every 900 s by default → ${((100 * (childCpuS() - ch)) / 900).toFixed(2)} % of one CPU`,
);
for (const [k, v] of Object.entries(figures)) console.log(`  ${k} ${v.toFixed(0)}`);
