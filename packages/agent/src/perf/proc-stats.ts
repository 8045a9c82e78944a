// Host figures from /proc (proc(5)) and statfs(2): no native addon, no child process.
import { readdirSync, readFileSync, statfsSync } from 'node:fs';

export interface CpuTimes {
  busy: number;
  total: number;
}

/** /proc/stat's first line: user nice system idle iowait irq softirq steal (jiffies). */
export function readCpuTimes(text = readFileSync('/proc/stat', 'utf8')): CpuTimes {
  const f = text.split('\n')[0]!.trim().split(/\s+/).slice(1, 9).map(Number);
  const idle = (f[3] ?? 0) + (f[4] ?? 0);
  const total = f.reduce((a, b) => a + b, 0);
  return { busy: total - idle, total };
}

export function cpuPercent(a: CpuTimes, b: CpuTimes): number {
  const dt = b.total - a.total;
  return dt <= 0 ? 0 : (100 * (b.busy - a.busy)) / dt;
}

export function readMemory(text = readFileSync('/proc/meminfo', 'utf8')): {
  usedPct: number;
  availableBytes: number;
} {
  const kb = (k: string): number =>
    Number(new RegExp(`^${k}:\\s+(\\d+)`, 'm').exec(text)?.[1] ?? 0);
  const total = kb('MemTotal');
  const avail = kb('MemAvailable');
  return { usedPct: total ? (100 * (total - avail)) / total : 0, availableBytes: avail * 1024 };
}

export function readLoad(text = readFileSync('/proc/loadavg', 'utf8')): [number, number, number] {
  const [a, b, c] = text.split(/\s+/).map(Number);
  return [a ?? 0, b ?? 0, c ?? 0];
}

export function diskUsedPct(path: string): number {
  const s = statfsSync(path);
  return s.blocks === 0 ? 0 : (100 * (s.blocks - s.bfree)) / s.blocks;
}

/** Established TCP connections (state 01 in /proc/net/tcp and tcp6). */
export function countEstablished(): number {
  let n = 0;
  for (const f of ['/proc/net/tcp', '/proc/net/tcp6']) {
    try {
      for (const line of readFileSync(f, 'utf8').split('\n').slice(1))
        if (line.trim().split(/\s+/)[3] === '01') n++;
    } catch {
      /* no IPv6 */
    }
  }
  return n;
}

/** utime + stime (clock ticks) per process whose comm is one of `names`, summed per name. */
export function readProcessTicks(names: readonly string[]): Map<string, number> {
  const out = new Map<string, number>();
  if (names.length === 0) return out;
  for (const pid of readdirSync('/proc')) {
    if (!/^\d+$/.test(pid)) continue;
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      const comm = stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
      if (!names.includes(comm)) continue;
      const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      out.set(comm, (out.get(comm) ?? 0) + Number(f[11]) + Number(f[12])); // fields 14, 15
    } catch {
      /* the process exited */
    }
  }
  return out;
}
