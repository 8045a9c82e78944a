// One host sample: CPU (total, and per KMS process by name) since the previous sample, memory,
// load, disk use, established TCP connections, and probe latencies.
import { clockTicks } from './clock-ticks.ts';
import type { LatencyProbe, PerfPolicy } from './perf-policy.ts';
import {
  countEstablished,
  cpuPercent,
  diskUsedPct,
  readCpuTimes,
  readLoad,
  readMemory,
  readProcessTicks,
  type CpuTimes,
} from './proc-stats.ts';

async function probeLatency(p: LatencyProbe): Promise<Record<string, number>> {
  const start = performance.now();
  try {
    await (await fetch(p.url, { signal: AbortSignal.timeout(p.timeoutMs) })).arrayBuffer();
    return { [`probe.${p.name}.latency_ms`]: performance.now() - start, [`probe.${p.name}.up`]: 1 };
  } catch {
    return { [`probe.${p.name}.up`]: 0 };
  }
}

export class PerfSampler {
  private prevCpu: CpuTimes = readCpuTimes();
  private prevProc: Map<string, number>;
  private prevAt = performance.now();

  constructor(private readonly policy: PerfPolicy) {
    this.prevProc = readProcessTicks(policy.processes);
  }

  async sample(): Promise<Record<string, number>> {
    const cpu = readCpuTimes();
    const proc = readProcessTicks(this.policy.processes);
    const now = performance.now();
    const seconds = (now - this.prevAt) / 1000;
    const m: Record<string, number> = { 'cpu.total': cpuPercent(this.prevCpu, cpu) };
    for (const name of this.policy.processes) {
      const d = (proc.get(name) ?? 0) - (this.prevProc.get(name) ?? 0);
      // % of one CPU, like top: ticks used / ticks elapsed.
      m[`cpu.process.${name}`] =
        seconds > 0 ? Math.max(0, (100 * d) / (clockTicks() * seconds)) : 0;
    }
    this.prevCpu = cpu;
    this.prevProc = proc;
    this.prevAt = now;
    const mem = readMemory();
    const [l1, l5, l15] = readLoad();
    Object.assign(m, {
      'mem.used_pct': mem.usedPct,
      'mem.available_bytes': mem.availableBytes,
      'load.1': l1,
      'load.5': l5,
      'load.15': l15,
      'net.tcp_established': countEstablished(),
    });
    for (const d of this.policy.disks) {
      try {
        m[`disk.${d}.used_pct`] = diskUsedPct(d);
      } catch {
        /* not mounted */
      }
    }
    for (const r of await Promise.all(this.policy.probes.map(probeLatency))) Object.assign(m, r);
    return m;
  }
}
