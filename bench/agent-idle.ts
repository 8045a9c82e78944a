// bench/agent-idle: the agent's idle cost — CPU (% of one core) and RSS of a real agent process,
// enrolled with a real server (`keywatch serve`, temporary SQLite data dir), with a realistic
// policy: FIM over the bench tree (bench/fim-tree.ts; real-time watching on), perf samples every
// 10 s, heartbeats every 30 s. After the initial full scan is done and its baseline and events are
// shipped, the agent's utime+stime (/proc/PID/stat) and VmRSS (/proc/PID/status) are sampled once
// a second for --seconds, beside a bare `node -e "setInterval(()=>{},1000)"` sampled over the same
// window. Two ways of running the same agent, one after the other:
//   source:  `keywatch agent run` (packages/cli/bin/keywatch.mjs: TypeScript through tsx), as the
//            tests start it;
//   bundled: `MALLOC_MMAP_THRESHOLD_=131072 node --max-semi-space-size=1
//            packages/agent/dist/keywatch-agent.mjs run` (packages/agent/scripts/build-agent.ts,
//            rebuilt here), how docs/agents.md says to deploy an agent.
// Targets (issue 5): idle CPU < 1 %, RSS < 80 MB (MB = 10^6 bytes).
//   node --import tsx bench/agent-idle.ts [--seconds 60] [--files 20000] [--tree DIR]
//        [--quick] [--only source|bundled] [--untuned] [--hold]
import { spawn, spawnSync, execFileSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { buildAgent } from '../packages/agent/scripts/build-agent.ts';
import { makeFimTree } from './fim-tree.ts';

const { values } = parseArgs({
  options: {
    seconds: { type: 'string', default: '60' },
    files: { type: 'string' },
    tree: { type: 'string' },
    quick: { type: 'boolean', default: false },
    only: { type: 'string' },
    /** The bundled agent without the memory settings of docs/agents.md (to see what they do). */
    untuned: { type: 'boolean', default: false },
    /** Keep the last agent up after its figures, until SIGINT (to inspect it). */
    hold: { type: 'boolean', default: false },
    /** Settings to try beside the deployed ones: NAME=VALUE for the environment, a Node flag. */
    env: { type: 'string', multiple: true, default: [] },
    'node-arg': { type: 'string', multiple: true, default: [] },
  },
});
const FILES = Number(values.files ?? (values.quick ? 2000 : 20_000));
const SECONDS = Number(values.quick && values.seconds === '60' ? 15 : values.seconds);
const TREE = values.tree ?? join(tmpdir(), `kw-fim-tree-${FILES}`);
const bin = new URL('../packages/cli/bin/keywatch.mjs', import.meta.url).pathname;
const CLK_TCK = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim());
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function started(
  cmd: string[],
  ready: RegExp,
  env: NodeJS.ProcessEnv = process.env,
): Promise<{ child: ChildProcess; out: string }> {
  const child = spawn(process.execPath, cmd, { stdio: ['ignore', 'ignore', 'pipe'], env });
  return new Promise((resolve, reject) => {
    let err = '';
    child.stderr.on('data', (d: Buffer) => {
      err += d.toString();
      if (ready.test(err)) resolve({ child, out: err });
    });
    child.once('exit', (code) => reject(new Error(`${cmd[1]} exited with ${code}: ${err}`)));
  });
}

/** CPU seconds (utime + stime, fields 14 and 15) of one process. */
function cpuSeconds(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(f[11]) + Number(f[12])) / CLK_TCK;
}
/** Resident set in MB (10^6 bytes: the stricter reading of the target). */
function rssMB(pid: number): number {
  const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return (Number(m?.[1] ?? 0) * 1024) / 1e6;
}

async function call(url: string, token: string, method: string, path: string, body?: unknown) {
  const res = await fetch(url + path, {
    method,
    headers: {
      authorization: `Bearer ${token}`,
      ...(body !== undefined && { 'content-type': 'application/json' }),
    },
    ...(body !== undefined && { body: JSON.stringify(body) }),
  });
  return res.json() as Promise<Record<string, unknown>>;
}

interface Figures {
  cpu: number;
  rss: number;
  bareCpu: number;
  bareRss: number;
  wall: number;
}

/** Enrolls an agent, runs it with `cmd`, waits for its first baseline, then samples it idle. */
async function measure(
  kind: string,
  cmd: string[],
  env: NodeJS.ProcessEnv,
  url: string,
  admin: string,
  dir: string,
) {
  const stateDir = join(dir, `agent-${kind}`);
  const policy = {
    heartbeat_seconds: 30,
    fim: { paths: [TREE], scanIntervalSec: 3600, realtime: true, hashWorkers: 1 },
    perf: { interval_seconds: 10 },
  };
  await call(url, admin, 'PUT', `/v1/agent-groups/${kind}/policy`, policy);
  const tok = await call(url, admin, 'POST', '/v1/agents/enrollment-tokens', { group: kind });
  const enrollArgs = ['--server', url, '--token', String(tok['token']), '--state-dir', stateDir];
  const enrolled = spawnSync(process.execPath, [bin, 'agent', 'enroll', ...enrollArgs], {
    encoding: 'utf8',
  });
  if (enrolled.status !== 0) throw new Error(`enroll: ${enrolled.stderr}`);
  const agentId = enrolled.stdout.trim();
  const config = join(dir, 'agent.yml');
  writeFileSync(config, 'heartbeat_seconds: 30\n');
  const t0 = Date.now();
  const { child: agent } = await started(
    [...cmd, 'run', '--state-dir', stateDir, '--config', config],
    /running/,
    env,
  );
  const pid = agent.pid!;
  let peakRss = 0;
  let bare: ChildProcess | undefined;
  try {
    // Done: the server stored this agent's baseline (after its full scan), and a heartbeat sent
    // after that says the spool is empty (every event of the scan acknowledged).
    let storedMs = 0;
    for (;;) {
      peakRss = Math.max(peakRss, rssMB(pid));
      if (storedMs === 0) {
        const r = await call(url, admin, 'GET', '/v1/events?type=fim.baseline_stored&limit=100');
        const events = r['events'] as { target?: { id?: string } }[];
        if (events.some((e) => e.target?.id === agentId)) storedMs = Date.now();
      } else {
        type Row = {
          id: string;
          last_heartbeat: string | null;
          health?: { spool?: { pending?: number } };
        };
        const list = (await call(url, admin, 'GET', '/v1/agents')) as { agents: Row[] };
        const r = list.agents.find((a) => a.id === agentId);
        if (r?.health?.spool?.pending === 0 && Date.parse(r.last_heartbeat ?? '') > storedMs) break;
      }
      if (Date.now() - t0 > 1_800_000) throw new Error('no baseline after 30 minutes');
      await sleep(1000);
    }
    console.log(
      `${kind}: full scan of ${FILES} files to the stored baseline ${((storedMs - t0) / 1000).toFixed(1)} s; RSS up to ${peakRss.toFixed(0)} MB meanwhile`,
    );
    // Settle: the heartbeat, the hash thread's idle timeout, the writes and GCs after the scan.
    await sleep(30_000);

    bare = spawn(process.execPath, ['-e', 'setInterval(()=>{},1000)'], { stdio: 'ignore' });
    await sleep(1000);
    const pids = { agent: pid, bare: bare.pid! };
    const cpu0 = { agent: cpuSeconds(pids.agent), bare: cpuSeconds(pids.bare) };
    const rss = { agent: 0, bare: 0 };
    const w0 = performance.now();
    for (let s = 0; s < SECONDS; s++) {
      rss.agent = Math.max(rss.agent, rssMB(pids.agent));
      rss.bare = Math.max(rss.bare, rssMB(pids.bare));
      await sleep(1000);
    }
    const wall = (performance.now() - w0) / 1000;
    const pct = (p: 'agent' | 'bare') => (100 * (cpuSeconds(pids[p]) - cpu0[p])) / wall;
    const f: Figures = {
      cpu: pct('agent'),
      bareCpu: pct('bare'),
      rss: rss.agent,
      bareRss: rss.bare,
      wall,
    };
    report(kind, f);
    if (values.hold) {
      console.log(`holding: agent pid ${pid}, server ${url}; SIGINT ends`);
      await new Promise((r) => process.once('SIGINT', r));
    }
    return f;
  } finally {
    bare?.kill('SIGKILL');
    agent.kill('SIGKILL');
  }
}

function report(kind: string, f: Figures): void {
  const ok = (v: boolean) => (v ? 'met' : 'MISSED');
  console.log(`${kind}: idle over ${f.wall.toFixed(0)} s (CLK_TCK ${CLK_TCK})`);
  console.log(
    `  CPU ${f.cpu.toFixed(3)} % of one core (target < 1 %: ${ok(f.cpu < 1)}); bare node ${f.bareCpu.toFixed(3)} % → ${(f.cpu / Math.max(f.bareCpu, 0.001)).toFixed(1)}×`,
  );
  console.log(
    `  RSS max ${f.rss.toFixed(1)} MB (target < 80 MB: ${ok(f.rss < 80)}); bare node ${f.bareRss.toFixed(1)} MB → ${(f.rss / f.bareRss).toFixed(2)}×`,
  );
}

const started0 = Date.now();
const tree = makeFimTree(TREE, FILES);
console.log(`tree ${TREE}: ${tree.files} files, ${(tree.bytes / 2 ** 20).toFixed(0)} MiB`);
const dir = mkdtempSync(join(tmpdir(), 'kw-agent-idle-'));
const dataDir = join(dir, 'data');
const { child: server, out } = await started(
  [bin, 'serve', '--data-dir', dataDir, '--port', '0', '--host', '127.0.0.1'],
  /listening on (http:\/\/\S+)/,
);
try {
  const url = /listening on (http:\/\/\S+)/.exec(out)![1]!;
  const admin = readFileSync(join(dataDir, 'initial-admin-token'), 'utf8').trim();
  if (values.only !== 'bundled')
    await measure('source', [bin, 'agent'], process.env, url, admin, dir);
  if (values.only !== 'source') {
    const bundle = await buildAgent();
    // As docs/agents.md ("Running the agent on a host") says to run it: a small young generation (V8 grows it to
    // 3 × 16 MB during a scan and never gives it back), and glibc's mmap threshold fixed (one big
    // buffer freed raises it, after which the brk heap keeps what the scan used).
    if (values.untuned) await measure('bundled-untuned', [bundle], process.env, url, admin, dir);
    else {
      const env: NodeJS.ProcessEnv = { ...process.env, MALLOC_MMAP_THRESHOLD_: '131072' };
      for (const kv of values.env)
        env[kv.slice(0, kv.indexOf('='))] = kv.slice(kv.indexOf('=') + 1);
      const args = ['--max-semi-space-size=1', ...values['node-arg'], bundle];
      await measure('bundled', args, env, url, admin, dir);
    }
  }
  console.log(`total ${((Date.now() - started0) / 1000).toFixed(0)} s`);
} finally {
  server.kill('SIGKILL');
  await sleep(200);
  rmSync(dir, { recursive: true, force: true });
}
