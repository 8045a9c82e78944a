// keywatch's OVAL subset side by side with OpenSCAP on the same host and the same content (issue
// 8, "Done means"): runs `oscap oval eval` and `keywatch sca oval` over ssg-debian11-oval.xml
// (Debian packages openscap-scanner and ssg-debian), prints both wall times from this run, the
// agreement over the definitions keywatch evaluates (result other than "not evaluated"), and
// every difference.
//   node --import tsx bench/sca-oval.ts [FILE]
import { spawnSync } from 'node:child_process';

const file = process.argv[2] ?? '/usr/share/xml/scap/ssg/content/ssg-debian11-oval.xml';

function timed(cmd: string, args: string[]): { ms: number; out: string } {
  const t0 = performance.now();
  const r = spawnSync(cmd, args, { encoding: 'utf8', maxBuffer: 64 << 20 });
  if (r.error) throw r.error;
  return { ms: performance.now() - t0, out: r.stdout };
}

const ours = timed(process.execPath, [
  '--import',
  'tsx',
  'packages/cli/src/main.ts',
  'sca',
  'oval',
  file,
]);
const oscap = timed('oscap', ['oval', 'eval', file]);

const theirs = new Map<string, string>();
for (const m of oscap.out.matchAll(/^Definition (\S+): (.+)$/gm)) theirs.set(m[1]!, m[2]!.trim());
const mine = new Map<string, string>();
for (const l of ours.out.trim().split('\n')) {
  const o = JSON.parse(l) as { id: string; result: string };
  mine.set(o.id, o.result);
}
const evaluated = [...mine].filter(([, r]) => r !== 'not evaluated');
const differ = evaluated.filter(([id, r]) => theirs.get(id) !== r);
const pct = (100 * (evaluated.length - differ.length)) / evaluated.length;
console.log(`content: ${file} (${mine.size} definitions; OpenSCAP ${theirs.size})`);
console.log(
  `keywatch sca oval: ${(ours.ms / 1000).toFixed(1)} s; oscap oval eval: ${(oscap.ms / 1000).toFixed(1)} s; ratio ${(oscap.ms / ours.ms).toFixed(1)}×`,
);
console.log(
  `evaluated by keywatch: ${evaluated.length}; not evaluated: ${mine.size - evaluated.length}`,
);
console.log(`same result: ${evaluated.length - differ.length} (${pct.toFixed(1)} %)`);
for (const [id, r] of differ)
  console.log(`  differs: ${id} keywatch=${r} oscap=${theirs.get(id) ?? '-'}`);
