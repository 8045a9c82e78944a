// Events the server records about keys in production (docs/event-types.md). A deployment mismatch
// is critical: the key at an inventoried place is not the one the KMS says is there.
import type { KeyObservation, NativeEvent } from '@keywatch/protocol';

export interface KeyEventActor {
  id: string;
  roles?: string[];
  type: 'user' | 'service' | 'agent';
}

export function keyCheckEvent(
  o: KeyObservation,
  host: string,
  origin: string,
  actor: KeyEventActor,
  agentId?: string,
): NativeEvent {
  const failed = o.findings.filter((f) => f.status !== 'pass');
  return {
    time: new Date().toISOString(),
    type: 'key.check',
    outcome: o.verdict === 'fail' ? 'failure' : 'success',
    severity: o.verdict === 'fail' ? 'high' : o.verdict === 'warn' ? 'medium' : 'info',
    actor,
    target: { type: 'key', id: o.fingerprint ?? o.label, name: o.label },
    source: { kind: 'keywatch', host, ...(agentId !== undefined && { agent: agentId }) },
    message: `${o.verdict} ${o.label}: ${failed.map((f) => `${f.check}: ${f.reason}`).join('; ') || 'ok'}`,
    detail: {
      host,
      origin,
      label: o.label,
      verdict: o.verdict,
      algorithm: o.algorithm,
      bits: o.bits,
      ...(o.fingerprint !== undefined && { fingerprint: o.fingerprint }),
      ...(o.kcv !== undefined && { kcv: o.kcv }),
      findings: failed,
    },
  };
}

export function mismatchEvent(
  o: KeyObservation,
  host: string,
  expected: { id: string; fingerprint?: string; kcv?: string },
  reason: string,
  actor: KeyEventActor,
  agentId?: string,
): NativeEvent {
  return {
    time: new Date().toISOString(),
    type: 'key.deployment_mismatch',
    outcome: 'failure',
    severity: 'critical',
    actor,
    target: { type: 'key', id: expected.id, name: o.label },
    source: { kind: 'keywatch', host, ...(agentId !== undefined && { agent: agentId }) },
    message: `${host} ${o.label}: ${reason}`,
    detail: {
      host,
      label: o.label,
      expected_fingerprint: expected.fingerprint ?? null,
      expected_kcv: expected.kcv ?? null,
      found_fingerprint: o.fingerprint ?? null,
      found_kcv: o.kcv?.cmac ?? o.kcv?.legacy ?? null,
      reason,
    },
  };
}

export function inventoryChangeEvent(
  actor: KeyEventActor,
  how: 'import' | 'api',
  ids: string[],
): NativeEvent {
  return {
    time: new Date().toISOString(),
    type: 'key.inventory_change',
    outcome: 'success',
    severity: 'info',
    actor,
    target: { type: 'key_inventory', id: ids.length === 1 ? ids[0]! : `${ids.length} keys` },
    source: { kind: 'keywatch' },
    message: `${ids.length} inventory entr${ids.length === 1 ? 'y' : 'ies'} written by ${how}`,
    detail: { how, ids: ids.slice(0, 100), count: ids.length },
  };
}
