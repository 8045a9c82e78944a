// A record that cannot be read, or is not from the source, is quarantined with a coded reason
// and its raw text (DESIGN.md: never silently dropped). Key material in it is still redacted
// first and still reported as key.material_exposed.
import { finishText } from '../redact/raw-redaction.ts';
import { RAW_MAX } from './clip-fields.ts';
import { buildEvent, type BuildContext } from './event-builder.ts';
import type { NormalizedRecord } from './record-types.ts';
import type { QuarantineCode } from './source-error.ts';

export function quarantine(
  code: QuarantineCode,
  reason: string,
  raw: string,
  ctx: BuildContext,
  field?: string,
): NormalizedRecord[] {
  const red = finishText({ raw, findings: [], reserialized: false }, ctx.hmacKey);
  const text = red.raw.length > RAW_MAX ? red.raw.slice(0, RAW_MAX) : red.raw;
  const q: NormalizedRecord = { kind: 'quarantine', code, reason, raw: text };
  if (field !== undefined) q.field = field;
  if (red.findings.length === 0) return [q];
  const exposure = buildEvent(
    {
      type: 'key.material_exposed',
      operation: 'quarantined record',
      outcome: 'success',
      actor: {},
      severity: 'critical',
      detail: {
        quarantine_code: code,
        locations: [...new Set(red.findings.map((f) => f.location))],
        kinds: [...new Set(red.findings.map((f) => f.kind))],
        redaction: 'hmac-sha256',
      },
    },
    text,
    [],
    ctx,
  );
  return [q, ...exposure];
}
