// Latency of real KMS operations from the audit log itself: an event that carries how long its
// operation took (Azure Key Vault's AuditEvent `durationMs`, kept by the adapter as
// detail.duration_ms) becomes one sample of `kms.<operation>.latency_ms` for its vault, so the
// latency threshold watches the KMS as its callers see it, not only through the agents' probes.
// Of the adapters only Azure's records carry a duration (Vault, CloudTrail, Cloud Audit Logs and
// CloudHSM do not). Native events are not read back for it: most of a busy log is native, and
// reading every leaf again is the cost this follower avoids — a native producer that knows its
// latencies sends them as a perf.sample (`kms.<operation>.latency_ms` metrics) instead.
import type { StoredEvent } from '@keywatch/protocol';
import type { PerfSample } from '@keywatch/store';

/** The source kinds whose events may carry detail.duration_ms (read back per commit). */
export const DURATION_SOURCE_KINDS = ['azure-keyvault'] as const;

/** Beyond an hour a "duration" is a broken record, not a latency. */
const MAX_MS = 3_600_000;

function durationOf(v: unknown): number | undefined {
  const n = typeof v === 'number' ? v : typeof v === 'string' && v.trim() !== '' ? Number(v) : NaN;
  return Number.isFinite(n) && n >= 0 && n <= MAX_MS ? n : undefined;
}

/** A metric-name-safe operation: letters, digits and _ only, lower case, at most 64. */
const metricPart = (s: string): string =>
  s
    .toLowerCase()
    .replace(/[^a-z0-9_]+/g, '_')
    .replace(/^_+|_+$/g, '')
    .slice(0, 64);

/** The vault an Azure record names (resource id …/vaults/NAME, or https://NAME.vault.azure.net/). */
function vaultOf(e: StoredEvent): string | undefined {
  const d = e.detail ?? {};
  const rid = typeof d['resource_id'] === 'string' ? d['resource_id'] : (e.target?.id ?? '');
  const m = /\/vaults\/([^/]+)/i.exec(rid);
  if (m) return m[1]!.toLowerCase();
  const uri = /^https:\/\/([^./]+)\.vault\./i.exec(e.target?.id ?? '');
  return uri ? uri[1]!.toLowerCase() : undefined;
}

export function durationSample(e: StoredEvent): PerfSample | undefined {
  const d = e.detail ?? {};
  const value = durationOf(d['duration_ms']);
  if (value === undefined) return undefined;
  const tsMs = Date.parse(e.time);
  if (Number.isNaN(tsMs)) return undefined;
  const host =
    (e.source?.kind === 'azure-keyvault' ? vaultOf(e) : undefined) ??
    (typeof d['host'] === 'string' && d['host'] !== '' ? d['host'] : undefined) ??
    e.source?.host;
  const op = metricPart(typeof d['operation'] === 'string' ? d['operation'] : e.type);
  if (!host || host.length > 255 || op === '') return undefined;
  return { host, metric: `kms.${op}.latency_ms`, tsMs, value };
}
