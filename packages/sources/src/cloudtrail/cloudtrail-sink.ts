// Accepts CloudTrail records (one per line, pretty-printed, or inside `{"Records":[…]}` files)
// and EventBridge envelopes ("detail-type": "AWS API Call via CloudTrail"); anything else —
// digest files included — is quarantined as not from CloudTrail.
import type { BuildContext } from '../core/event-builder.ts';
import { obj, str, type Json } from '../core/field-access.ts';
import { emitJson } from '../core/json-emit.ts';
import type { RecordSink } from '../core/json-decoder.ts';
import { quarantine } from '../core/quarantine.ts';
import type { RoleMap } from '../core/record-types.ts';
import { cloudTrailDraft } from './cloudtrail-event.ts';

const REQUIRED = ['eventVersion', 'eventSource', 'eventName'] as const;

export function cloudTrailSink(ctx: BuildContext, map?: RoleMap): RecordSink {
  return {
    accept(input, raw) {
      let rec: Json = input;
      const detail = obj(input['detail']);
      if (detail && typeof input['detail-type'] === 'string') rec = detail;
      const missing = REQUIRED.find((f) => str(rec, f) === undefined);
      if (missing !== undefined) {
        const digest = 'digestStartTime' in rec ? ' (this is a CloudTrail digest file)' : '';
        return quarantine(
          'not_from_source',
          `not a CloudTrail event: ${missing} is missing${digest}`,
          raw,
          ctx,
          missing,
        );
      }
      return emitJson(rec, raw, {}, ctx, (r) => cloudTrailDraft(r, map));
    },
  };
}
