// Accepts Key Vault AuditEvent records (one per line, or `{"records":[…]}` as Azure Monitor
// writes them to storage and Event Hubs) and Activity log entries on Microsoft.KeyVault
// resources; records about other resource providers are quarantined as not from Key Vault.
import type { BuildContext } from '../core/event-builder.ts';
import { str } from '../core/field-access.ts';
import { emitJson } from '../core/json-emit.ts';
import type { RecordSink } from '../core/json-decoder.ts';
import { quarantine } from '../core/quarantine.ts';
import type { RoleMap } from '../core/record-types.ts';
import { AUDIT_EVENT_OPS } from './azure-operations.ts';
import { azureDraft, azureOperation } from './azure-event.ts';

export function azureSink(ctx: BuildContext, map?: RoleMap): RecordSink {
  return {
    accept(rec, raw) {
      const op = azureOperation(rec);
      if (op === undefined)
        return quarantine(
          'not_from_source',
          'not an Azure log record: operationName is missing',
          raw,
          ctx,
          'operationName',
        );
      const rid = (str(rec, 'resourceId') ?? str(rec, 'ResourceId') ?? '').toLowerCase();
      const keyVault =
        rid.includes('/providers/microsoft.keyvault/') ||
        op.toLowerCase().startsWith('microsoft.keyvault/') ||
        (Object.hasOwn(AUDIT_EVENT_OPS, op) &&
          (str(rec, 'category') ?? 'AuditEvent') === 'AuditEvent');
      if (!keyVault) {
        return quarantine(
          'not_from_source',
          `not a Key Vault record: operation ${op} on ${rid || 'no resourceId'}`,
          raw,
          ctx,
          'resourceId',
        );
      }
      return emitJson(rec, raw, {}, ctx, (r) => azureDraft(r, map));
    },
  };
}
