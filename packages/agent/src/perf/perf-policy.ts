// The agent policy's `perf` section:
//   perf:
//     interval_seconds: 10            # host sample every N seconds
//     processes: [vault, pkcs11-proxy] # per-process CPU by comm name (KMS processes)
//     disks: [/, /var/lib/vault]
//     bench_interval_seconds: 900     # crypto capacity benchmark; 0 turns it off
//     bench_slice_ms: 40              # per operation: 7 operations ≈ 0.3 s at nice 19
//     probes: [{ name: vault, url: "https://127.0.0.1:8200/v1/sys/health", timeout_ms: 2000 }]
import { KeyCheckError } from '../keys/checks/key-check-error.ts';

export interface LatencyProbe {
  readonly name: string;
  readonly url: string;
  readonly timeoutMs: number;
}

export interface PerfPolicy {
  readonly intervalSeconds: number;
  readonly processes: readonly string[];
  readonly disks: readonly string[];
  readonly benchIntervalSeconds: number;
  readonly benchSliceMs: number;
  readonly probes: readonly LatencyProbe[];
}

const bad = (msg: string): KeyCheckError =>
  new KeyCheckError('POLICY_INVALID', `perf policy: ${msg}`);

function num(v: unknown, dflt: number, min: number, name: string): number {
  if (v === undefined) return dflt;
  if (typeof v !== 'number' || !(v >= min)) throw bad(`${name} must be a number ≥ ${min}`);
  return v;
}

function strings(v: unknown, name: string, dflt: string[]): string[] {
  if (v === undefined) return dflt;
  if (!Array.isArray(v) || !v.every((x) => typeof x === 'string'))
    throw bad(`${name} must be a list of strings`);
  return v;
}

export function parsePerfPolicy(raw: unknown): PerfPolicy {
  const r = (raw ?? {}) as Record<string, unknown>;
  const probes = r['probes'] ?? [];
  if (!Array.isArray(probes)) throw bad('probes must be a list');
  return {
    intervalSeconds: num(r['interval_seconds'], 10, 1, 'interval_seconds'),
    processes: strings(r['processes'], 'processes', []),
    disks: strings(r['disks'], 'disks', ['/']),
    benchIntervalSeconds: num(r['bench_interval_seconds'], 900, 0, 'bench_interval_seconds'),
    benchSliceMs: num(r['bench_slice_ms'], 40, 5, 'bench_slice_ms'),
    probes: probes.map((p: Record<string, unknown>, i) => {
      if (typeof p['name'] !== 'string' || typeof p['url'] !== 'string')
        throw bad(`probes[${i}] needs name and url`);
      return {
        name: p['name'],
        url: p['url'],
        timeoutMs: num(p['timeout_ms'], 2000, 1, 'timeout_ms'),
      };
    }),
  };
}
