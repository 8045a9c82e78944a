// Assessment results as native events (docs/event-types.md, "Configuration and software
// assessment"): one per check, one per scan, and the software inventory. The host is
// source.host (the runtime fills it for agents; agentless scans set it to the remote host).
import { createHash, randomUUID } from 'node:crypto';
import type { NativeEvent } from '@keywatch/protocol';
import type { InstalledPackage } from './package-inventory.ts';
import type { CheckResult, ScaPolicy, XccdfResult } from './sca-policy.ts';

type Actor = NativeEvent['actor'];

const TYPE: Record<XccdfResult, string> = {
  pass: 'sca.check_passed',
  fail: 'sca.check_failed',
  error: 'sca.check_result',
  unknown: 'sca.check_result',
  notapplicable: 'sca.check_result',
  notchecked: 'sca.check_result',
  informational: 'sca.check_result',
};

export function scaEvents(
  policy: ScaPolicy,
  results: CheckResult[],
  actor: Actor,
  opts: { host?: string; time?: string } = {},
): NativeEvent[] {
  const time = opts.time ?? new Date().toISOString();
  const scan = randomUUID();
  const source = opts.host ? { source: { kind: 'native', host: opts.host } } : {};
  const counts: Record<string, number> = {};
  const checks = new Map(policy.checks.map((c) => [c.id, c]));
  const events: NativeEvent[] = results.map((r) => {
    // A failed check says why it matters and how to fix it, so the alert is actionable as is.
    const check = r.result === 'fail' ? checks.get(r.id) : undefined;
    counts[r.result] = (counts[r.result] ?? 0) + 1;
    return {
      time,
      type: TYPE[r.result],
      outcome: r.result === 'pass' ? 'success' : r.result === 'fail' ? 'failure' : 'unknown',
      actor,
      target: { type: 'sca_check', id: `${policy.id}/${r.id}`, name: r.title },
      ...source,
      severity: r.result === 'fail' ? 'medium' : r.result === 'error' ? 'low' : 'info',
      message: `${policy.id} ${r.id} ${r.result}: ${r.title}`,
      detail: {
        scan,
        policy: policy.id,
        check: r.id,
        result: r.result,
        reasons: r.reasons,
        compliance: r.compliance,
        ...(check?.rationale !== undefined && { rationale: check.rationale }),
        ...(check?.remediation !== undefined && { remediation: check.remediation }),
      },
    };
  });
  const pass = counts['pass'] ?? 0;
  const fail = counts['fail'] ?? 0;
  events.push({
    time,
    type: 'sca.scan_completed',
    outcome: fail > 0 ? 'failure' : 'success',
    actor,
    target: { type: 'sca_policy', id: policy.id, name: policy.name },
    ...source,
    severity: 'info',
    message: `${policy.id}: ${pass} passed, ${fail} failed of ${results.length}`,
    detail: {
      scan,
      policy: policy.id,
      counts,
      // Wazuh's score: passed / (passed + failed), other states left out.
      score: pass + fail === 0 ? null : Math.round((1000 * pass) / (pass + fail)) / 10,
    },
  });
  return events;
}

export function inventoryDigest(packages: InstalledPackage[]): string {
  const lines = packages.map((p) => `${p.format} ${p.name} ${p.arch} ${p.version}\n`).join('');
  return createHash('sha256').update(lines).digest('hex');
}

export function inventoryEvent(
  packages: InstalledPackage[],
  actor: Actor,
  opts: { host?: string; time?: string } = {},
): NativeEvent {
  return {
    time: opts.time ?? new Date().toISOString(),
    type: 'software.inventory',
    outcome: 'success',
    actor,
    target: { type: 'host', id: opts.host ?? 'self' },
    ...(opts.host && { source: { kind: 'native', host: opts.host } }),
    severity: 'info',
    message: `${packages.length} packages installed`,
    detail: {
      sha256: inventoryDigest(packages),
      packages: packages.map((p) => ({
        name: p.name,
        version: p.version,
        arch: p.arch,
        format: p.format,
      })),
    },
  };
}
