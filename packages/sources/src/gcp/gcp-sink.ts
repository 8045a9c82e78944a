// Accepts Cloud Audit Logs entries whose serviceName is cloudkms.googleapis.com, one per line or
// in exported arrays / `{"entries":[…]}`; other services are quarantined as not from Cloud KMS.
import type { BuildContext } from '../core/event-builder.ts';
import { obj, str } from '../core/field-access.ts';
import { emitJson } from '../core/json-emit.ts';
import type { RecordSink } from '../core/json-decoder.ts';
import { quarantine } from '../core/quarantine.ts';
import type { RoleMap } from '../core/record-types.ts';
import { gcpDraft } from './gcp-event.ts';

export function gcpSink(ctx: BuildContext, map?: RoleMap): RecordSink {
  return {
    accept(rec, raw) {
      const p = obj(rec['protoPayload']);
      if (!p)
        return quarantine(
          'not_from_source',
          'not a Cloud Audit Logs entry: protoPayload is missing',
          raw,
          ctx,
          'protoPayload',
        );
      const service = str(p, 'serviceName');
      if (service !== 'cloudkms.googleapis.com') {
        return quarantine(
          'not_from_source',
          `not a Cloud KMS entry: serviceName is ${service ?? 'missing'}`,
          raw,
          ctx,
          'protoPayload.serviceName',
        );
      }
      return emitJson(rec, raw, {}, ctx, (r) => gcpDraft(r, map));
    },
  };
}
