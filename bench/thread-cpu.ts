// CPU seconds per thread of this process, from Linux /proc (an empty map elsewhere): says which
// thread a benchmark's time went to (main, detection, SQLite checkpoints, libuv pool, GC helpers).
import { readdirSync, readFileSync } from 'node:fs';

export function threadCpus(): Map<string, number> {
  const out = new Map<string, number>();
  try {
    for (const tid of readdirSync('/proc/self/task')) {
      const stat = readFileSync(`/proc/self/task/${tid}/stat`, 'utf8');
      const name = stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
      const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      const key = tid === String(process.pid) ? 'main' : `${name}#${tid}`;
      out.set(key, (Number(f[11]) + Number(f[12])) / 100);
    }
  } catch {
    // not Linux: no breakdown
  }
  return out;
}

/** "main 12.1, node#123 3.2, …": the CPU seconds each thread spent between two snapshots. */
export function threadCpuDelta(before: Map<string, number>, after: Map<string, number>): string {
  return [...after]
    .map(([name, s]): [string, number] => [name, s - (before.get(name) ?? 0)])
    .filter(([, s]) => s >= 0.2)
    .sort((a, b) => b[1] - a[1])
    .map(([n, s]) => `${n} ${s.toFixed(1)}`)
    .join(', ');
}

/** The main thread's run time and its time runnable but waiting for a CPU (Linux schedstat). */
export function mainThreadSched(): { ranS: number; waitedS: number } {
  try {
    const [ran, waited] = readFileSync(`/proc/self/task/${process.pid}/schedstat`, 'utf8')
      .trim()
      .split(' ')
      .map(Number);
    return { ranS: ran! / 1e9, waitedS: waited! / 1e9 };
  } catch {
    return { ranS: Number.NaN, waitedS: Number.NaN };
  }
}
