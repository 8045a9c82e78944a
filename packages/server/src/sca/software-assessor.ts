// Pure comparisons of a host's software inventory (a software.inventory event's packages) with
// its group's approved baseline (drift) and with an offline vulnerability feed (findings).
import { compareDebVersions } from '@keywatch/protocol';
import type { VulnerabilityFeed } from './vulnerability-feed.ts';

export interface Pkg {
  name: string;
  version: string;
  format?: string;
}

export interface SoftwareBaseline {
  group: string;
  /** Hosts in the group besides agents whose group is this one (agentless hosts). */
  hosts: string[];
  /** name → exact version, or a comparison ">= 3.0.11", or "*" (any version, must be present). */
  packages: Record<string, string>;
  /** Any package not named in the baseline is drift too. */
  strict: boolean;
}

export interface DriftChange {
  package: string;
  change: 'missing' | 'version' | 'unexpected';
  expected: string | null;
  found: string | null;
}

function satisfies(version: string, spec: string): boolean {
  if (spec === '*') return true;
  const m = /^(<=|>=|<|>|=)\s*(\S+)$/.exec(spec.trim());
  if (!m) return compareDebVersions(version, spec) === 0;
  const r = compareDebVersions(version, m[2]!);
  return { '<': r < 0, '<=': r <= 0, '=': r === 0, '>=': r >= 0, '>': r > 0 }[m[1] as '<'];
}

export function softwareDrift(pkgs: Pkg[], baseline: SoftwareBaseline): DriftChange[] {
  const have = new Map(pkgs.map((p) => [p.name, p.version]));
  const out: DriftChange[] = [];
  for (const [name, spec] of Object.entries(baseline.packages)) {
    const v = have.get(name);
    if (v === undefined)
      out.push({ package: name, change: 'missing', expected: spec, found: null });
    else if (!satisfies(v, spec))
      out.push({ package: name, change: 'version', expected: spec, found: v });
  }
  if (baseline.strict)
    for (const p of pkgs)
      if (!(p.name in baseline.packages))
        out.push({ package: p.name, change: 'unexpected', expected: null, found: p.version });
  return out;
}

export interface VulnerableFinding {
  package: string;
  installed: string;
  fixed: string;
  definition: string;
  title: string;
  cves: string[];
}

export function vulnerablePackages(pkgs: Pkg[], feed: VulnerabilityFeed): VulnerableFinding[] {
  const byName = new Map<string, Pkg[]>();
  for (const p of pkgs.filter((p) => (p.format ?? 'deb') === 'deb'))
    byName.set(p.name, [...(byName.get(p.name) ?? []), p]);
  const out: VulnerableFinding[] = [];
  for (const e of feed.entries) {
    for (const p of byName.get(e.package) ?? []) {
      if (compareDebVersions(p.version, e.fixed) < 0)
        out.push({
          package: p.name,
          installed: p.version,
          fixed: e.fixed,
          definition: e.definition,
          title: e.title,
          cves: e.cves,
        });
    }
  }
  return out;
}
