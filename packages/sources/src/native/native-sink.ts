// The native event of DESIGN.md, sent as JSON Lines, a JSON array or `{"events":[…]}`. Checked by
// protocol's validateEvent (its reason becomes the quarantine reason); secrets and key material
// are redacted like any other source; an event without id gets a content-derived one.
import { validateEvent } from '@keywatch/protocol';
import type { BuildContext } from '../core/event-builder.ts';
import { exposureEvent } from '../core/exposure-event.ts';
import type { RecordSink } from '../core/json-decoder.ts';
import { quarantine } from '../core/quarantine.ts';
import type { NormalizedRecord } from '../core/record-types.ts';
import { redactJson } from '../redact/json-redaction.ts';
import { redactRawJson } from '../redact/raw-redaction.ts';
import { sha256Hex } from '../redact/secret-hash.ts';
import { RAW_MAX } from '../core/clip-fields.ts';

export function nativeSink(ctx: BuildContext): RecordSink {
  return {
    accept(rec, raw) {
      const red = redactJson(rec, ctx.hmacKey, {});
      const rr = redactRawJson(raw, red, ctx.hmacKey);
      const candidate = { ...(red.value as Record<string, unknown>) };
      if (candidate['id'] === undefined) candidate['id'] = `native:sha256:${sha256Hex(rr.raw)}`;
      if (candidate['raw'] === undefined && rr.raw.length <= RAW_MAX) candidate['raw'] = rr.raw;
      const v = validateEvent(candidate);
      if (!v.ok) {
        return quarantine(
          'invalid_event',
          `${v.problem.field || 'event'} ${v.problem.reason}`,
          rr.raw,
          ctx,
          v.problem.field,
        );
      }
      const out: NormalizedRecord[] = [{ kind: 'event', event: v.event }];
      if (rr.findings.length > 0) {
        const x = validateEvent(exposureEvent(v.event, rr.findings));
        if (x.ok) out.push({ kind: 'event', event: x.event });
      }
      return out;
    },
  };
}
