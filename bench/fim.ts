// bench/fim: the FIM scanner beside `aide --init` on the same tree, in the same run.
// Tree: 20,000 files, sizes log-uniform 100 B – 1 MiB (bench/fim-tree.ts), page cache warm for
// both. AIDE: Debian's aide 0.18 with num_workers=1, attributes matching ours (perms, inode,
// links, owner, size, m/ctime, ftype, link name, sha256, acl, xattrs, selinux). keywatch: one hash
// worker thread beside the main thread (as AIDE: a main thread and one worker).
// Figures: full scan files/s and its ratio to AIDE's; rescan of the unchanged tree files/s
// (quick check: size, mtime, ctime, inode, device; no re-hash) — also the agent's, against its
// compact state (fim/fim-state.ts), best of 3 — and end-to-end CLI times; also
// keywatch on one thread (no worker), the strictest reading of "one worker each".
//   node --import tsx bench/fim.ts [--dir /var/tmp/kw-fim-bench] [--files 20000] [--runs 3]
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { FimScanner, FimState, diffEntries, makeBaseline, parseFimPolicy } from '@keywatch/agent';
import { makeFimTree } from './fim-tree.ts';

const { values } = parseArgs({
  options: {
    dir: { type: 'string', default: '/var/tmp/kw-fim-bench' },
    files: { type: 'string', default: '20000' },
    runs: { type: 'string', default: '3' },
  },
});
const tree = values.dir;
const info = makeFimTree(tree, Number(values.files));
const entries = 1 + Math.ceil(info.files / 100) + info.files; // root, directories, files
const work = mkdtempSync(join(tmpdir(), 'kw-fim-bench-'));
const cli = new URL('../packages/cli/bin/keywatch.mjs', import.meta.url).pathname;

function warm(): void {
  for (const d of readdirSync(tree)) {
    if (d.startsWith('.')) continue;
    for (const f of readdirSync(join(tree, d))) readFileSync(join(tree, d, f));
  }
}

/** CPU seconds of this process (all threads) plus its waited-for children (getfattr, getfacl). */
function cpuSeconds(): number {
  const f = readFileSync('/proc/self/stat', 'utf8').split(') ')[1]!.split(' ');
  // After "pid (comm) ": utime stime cutime cstime are fields 14-17, i.e. indexes 11-14 here.
  return f.slice(11, 15).reduce((a, x) => a + Number(x), 0) / 100;
}

function aideInit(): { wall: number; cpu: number } {
  const db = join(work, 'aide.db');
  rmSync(db, { force: true });
  const conf = join(work, 'aide.conf');
  writeFileSync(
    conf,
    [
      `database_out=file:${db}`,
      'gzip_dbout=no',
      'num_workers=1',
      'report_url=stdout',
      `${tree} ftype+p+i+n+u+g+s+m+c+l+sha256+acl+xattrs+selinux`,
      '',
    ].join('\n'),
  );
  const t = performance.now();
  // The shell reports its waited-for child's CPU time (cutime + cstime in /proc/$$/stat).
  const r = spawnSync(
    'sh',
    ['-c', `aide --init -c '${conf}' >/dev/null && cut -d' ' -f16,17 /proc/$$/stat`],
    { encoding: 'utf8' },
  );
  const wall = (performance.now() - t) / 1000;
  if (r.status !== 0) throw new Error(`aide --init failed (${r.status}): ${r.stderr}`);
  const [cu, cs] = r.stdout.trim().split(' ').map(Number);
  return { wall, cpu: ((cu ?? 0) + (cs ?? 0)) / 100 };
}

/** One thread only (no hash worker): the strictest reading of "one worker each". */
async function oursInline(): Promise<number> {
  const policy = parseFimPolicy({ paths: [tree], exclude: [`${tree}/.complete`], hashWorkers: 0 });
  const scanner = new FimScanner(policy);
  const t = performance.now();
  const r = await scanner.scan({ fullRehash: true });
  JSON.stringify(makeBaseline(r.entries, new Date().toISOString()));
  const s = (performance.now() - t) / 1000;
  await scanner.close();
  return r.entries.size / s;
}

async function ours(): Promise<{
  full: number;
  fullCpu: number;
  rescan: number;
  best: number;
  agent: number;
  n: number;
}> {
  const policy = parseFimPolicy({ paths: [tree], exclude: [`${tree}/.complete`], hashWorkers: 1 });
  const scanner = new FimScanner(policy);
  try {
    let t = performance.now();
    const cpu0 = cpuSeconds();
    const first = await scanner.scan({ fullRehash: true });
    const baseline = makeBaseline(first.entries, new Date().toISOString());
    JSON.stringify(baseline); // what writing the baseline costs, as AIDE writes its database
    const full = (performance.now() - t) / 1000;
    const fullCpu = cpuSeconds() - cpu0;
    // Rescan + diff, three times: the first in a run pays for JIT and GC after the full scan.
    const rescans: number[] = [];
    for (let i = 0; i < 3; i++) {
      t = performance.now();
      const again = await scanner.scan({ previous: baseline });
      const after = Object.fromEntries(again.entries);
      const changes = diffEntries(baseline.entries, after, policy.attributes);
      rescans.push((performance.now() - t) / 1000);
      if (changes.length !== 0 || again.stats.hashed !== 0) throw new Error('rescan saw changes');
    }
    // The agent's rescan: against its compact state (a binary search per path), diffed with it,
    // and the new state made from the result (fim/fim-module.ts).
    const state = FimState.from(first.entries, baseline.fullHashAt);
    const agent: number[] = [];
    for (let i = 0; i < 3; i++) {
      t = performance.now();
      const again = await scanner.scan({ previous: state });
      const changes = diffEntries(state, again.entries, policy.attributes);
      FimState.from(again.entries, state.fullHashAt, state.createdAt);
      agent.push((performance.now() - t) / 1000);
      if (changes.length !== 0 || again.stats.hashed !== 0) throw new Error('rescan saw changes');
    }
    return {
      full,
      fullCpu,
      rescan: rescans[0]!,
      best: Math.min(...rescans),
      agent: Math.min(...agent),
      n: first.entries.size,
    };
  } finally {
    await scanner.close();
  }
}

function cliRun(baseline: string): number {
  const t = performance.now();
  execFileSync(
    process.execPath,
    [
      cli,
      'fim',
      'scan',
      '--no-progress',
      '--exclude',
      `${tree}/.complete`,
      '--baseline',
      baseline,
      tree,
    ],
    { stdio: 'ignore' },
  );
  return (performance.now() - t) / 1000;
}

const aideVersion = execFileSync('aide', ['--version'], { encoding: 'utf8' }).split('\n')[0];
console.log(
  `tree ${tree}: ${info.files} files, ${(info.bytes / 2 ** 20).toFixed(0)} MiB; ${aideVersion}`,
);
warm();
for (let run = 1; run <= Number(values.runs); run++) {
  const aide = aideInit();
  const k = await ours();
  const inline = await oursInline();
  const cliBaseline = join(work, 'kw-baseline.json');
  rmSync(cliBaseline, { force: true });
  let cliFull = NaN;
  let cliRescan = NaN;
  try {
    cliFull = cliRun(cliBaseline);
    cliRescan = cliRun(cliBaseline);
  } catch (e) {
    console.error(`keywatch fim scan failed: ${String(e).split('\n')[0]}`);
  }
  const aideRate = entries / aide.wall;
  const fullRate = k.n / k.full;
  console.log(
    `run ${run}: aide --init ${aide.wall.toFixed(2)} s = ${aideRate.toFixed(0)} files/s (${aide.cpu.toFixed(2)} CPU s) | ` +
      `keywatch full ${k.full.toFixed(2)} s = ${fullRate.toFixed(0)} files/s (${(fullRate / aideRate).toFixed(2)}× aide; ${k.fullCpu.toFixed(2)} CPU s, ${(aide.cpu / k.fullCpu).toFixed(2)}× less) | ` +
      `single thread ${inline.toFixed(0)} files/s (${(inline / aideRate).toFixed(2)}×) | ` +
      `rescan ${k.rescan.toFixed(3)} s = ${(k.n / k.rescan).toFixed(0)} files/s ` +
      `(best of 3: ${(k.n / k.best).toFixed(0)} files/s; the agent's, compact state: ${(k.n / k.agent).toFixed(0)}) | ` +
      `CLI end-to-end: create ${cliFull.toFixed(2)} s (${(aide.wall / cliFull).toFixed(2)}× aide), check ${cliRescan.toFixed(2)} s`,
  );
}
rmSync(work, { recursive: true, force: true });
