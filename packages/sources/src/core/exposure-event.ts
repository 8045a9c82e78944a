// A record carrying key material is a leak whatever its operation: keywatch redacts it and adds
// this critical event pointing at the same target and the original record (issue 3, Secrets).
import type { NativeEvent } from '@keywatch/protocol';
import type { KeyFinding } from '../redact/text-redaction.ts';

export function exposureEvent(original: NativeEvent, findings: readonly KeyFinding[]) {
  const locations = [...new Set(findings.map((f) => f.location))].slice(0, 32);
  const kinds = [...new Set(findings.map((f) => f.kind))];
  const event: Record<string, unknown> = {
    id: `${original.id ?? 'unknown'}:key-material`.slice(-256),
    time: original.time,
    type: 'key.material_exposed',
    outcome: 'success',
    actor: original.actor,
    source: original.source,
    severity: 'critical',
    message: `key material (${kinds.join(', ')}) appeared in a ${original.source?.kind ?? ''} record and was redacted`,
    detail: {
      original_id: original.id,
      original_type: original.type,
      operation: original.detail?.['operation'],
      locations,
      kinds,
      redaction: 'hmac-sha256',
      ...(original.detail?.['incomplete'] ? { incomplete: original.detail['incomplete'] } : {}),
    },
    raw: original.raw,
  };
  if (original.target) event['target'] = original.target;
  return event;
}
