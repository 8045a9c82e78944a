// The limits of the performance thresholds (perf-thresholds.ts), with overrides per host group and
// per host: a KMS cluster that runs hot by design, or an HSM whose calls are slow by nature, gets
// its own numbers without raising the limit for every other host. The most specific wins, field by
// field: host, then the host's group, then the defaults, then the built-in values.
import { ApiError } from '../api-error.ts';

export interface PerfLimits {
  /** perf.cpu_saturated: cpu.total average at or above this, every minute of the window. */
  cpuSaturatedPct: number;
  /** perf.latency_high: a *.latency_ms series' p95 above this, every minute of the window. */
  latencyMs: number;
  /** perf.capacity_drop: a crypto figure below this fraction of its baseline. */
  capacityRatio: number;
  /** The window of the CPU and latency rules, in whole minutes. */
  sustainMinutes: number;
}

export interface PerfThresholdSet {
  defaults?: Partial<PerfLimits>;
  groups?: Record<string, Partial<PerfLimits>>;
  hosts?: Record<string, Partial<PerfLimits>>;
}

export const BUILT_IN_LIMITS: PerfLimits = {
  cpuSaturatedPct: 95,
  latencyMs: 1000,
  capacityRatio: 0.5,
  sustainMinutes: 5,
};

const RANGES: Record<keyof PerfLimits, [number, number]> = {
  cpuSaturatedPct: [1, 100],
  latencyMs: [1, 3_600_000],
  capacityRatio: [0.01, 1],
  sustainMinutes: [1, 60],
};
const NAME = /^[A-Za-z0-9_.:-]{1,255}$/;
const MAX_OVERRIDES = 10_000;

function limitsAt(v: unknown, where: string): Partial<PerfLimits> {
  if (typeof v !== 'object' || v === null || Array.isArray(v))
    throw new ApiError('BAD_REQUEST', `${where}: expected an object of limits`);
  const out: Partial<PerfLimits> = {};
  for (const [k, n] of Object.entries(v)) {
    const range = RANGES[k as keyof PerfLimits] as [number, number] | undefined;
    if (!range)
      throw new ApiError(
        'BAD_REQUEST',
        `${where}.${k}: unknown limit (${Object.keys(RANGES).join(', ')})`,
      );
    if (typeof n !== 'number' || !Number.isFinite(n) || n < range[0] || n > range[1])
      throw new ApiError('BAD_REQUEST', `${where}.${k}: a number from ${range[0]} to ${range[1]}`);
    if (k === 'sustainMinutes' && !Number.isInteger(n))
      throw new ApiError('BAD_REQUEST', `${where}.${k}: whole minutes`);
    out[k as keyof PerfLimits] = n;
  }
  return out;
}

function overrides(v: unknown, where: string): Record<string, Partial<PerfLimits>> {
  if (typeof v !== 'object' || v === null || Array.isArray(v))
    throw new ApiError('BAD_REQUEST', `${where}: expected an object keyed by name`);
  const entries = Object.entries(v);
  if (entries.length > MAX_OVERRIDES)
    throw new ApiError('BAD_REQUEST', `${where}: at most ${MAX_OVERRIDES} entries`);
  // No prototype: a host named __proto__ or constructor is just a name.
  const out = Object.create(null) as Record<string, Partial<PerfLimits>>;
  for (const [name, l] of entries) {
    if (!NAME.test(name)) throw new ApiError('BAD_REQUEST', `${where}: bad name ${name}`);
    out[name] = limitsAt(l, `${where}.${name}`);
  }
  return out;
}

/** Checks a threshold set from the API or the configuration file; a bad one is BAD_REQUEST. */
export function validateThresholds(v: unknown): PerfThresholdSet {
  if (typeof v !== 'object' || v === null || Array.isArray(v))
    throw new ApiError('BAD_REQUEST', 'thresholds: expected {defaults, groups, hosts}');
  const out: PerfThresholdSet = {};
  for (const k of Object.keys(v))
    if (!['defaults', 'groups', 'hosts'].includes(k))
      throw new ApiError('BAD_REQUEST', `thresholds.${k}: unknown (defaults, groups, hosts)`);
  const o = v as Record<string, unknown>;
  if (o['defaults'] !== undefined) out.defaults = limitsAt(o['defaults'], 'defaults');
  if (o['groups'] !== undefined) out.groups = overrides(o['groups'], 'groups');
  if (o['hosts'] !== undefined) out.hosts = overrides(o['hosts'], 'hosts');
  return out;
}

export function resolveLimits(
  set: PerfThresholdSet,
  host: string,
  group: string | null,
): PerfLimits {
  const own = (m: Record<string, Partial<PerfLimits>> | undefined, k: string | null) =>
    m !== undefined && k !== null && Object.hasOwn(m, k) ? m[k] : undefined;
  return {
    ...BUILT_IN_LIMITS,
    ...set.defaults,
    ...own(set.groups, group),
    ...own(set.hosts, host),
  };
}
