// One Azure Key Vault record → event draft: the AuditEvent resource log (learn.microsoft.com/
// azure/key-vault/general/logging, "Interpret your Key Vault logs"), its AzureDiagnostics
// flattening (`identity_claim_upn_s`, `httpStatusCode_d`…), and Activity log entries on
// Microsoft.KeyVault resources (learn.microsoft.com/azure/azure-monitor/essentials/
// activity-log-schema). Roles are not logged: only the caller-supplied principal map applies.
import type { EventDraft } from '../core/event-builder.ts';
import { at, obj, str, type Json } from '../core/field-access.ts';
import { lookupRoles } from '../core/role-map.ts';
import { toUtc } from '../core/event-time.ts';
import type { RoleMap } from '../core/record-types.ts';
import { ACTIVITY_OPS, AUDIT_EVENT_OPS } from './azure-operations.ts';

const OID = 'http://schemas.microsoft.com/identity/claims/objectidentifier';
const UPN = 'http://schemas.xmlsoap.org/ws/2005/05/identity/claims/upn';
const OBJECTS: Record<string, string> = {
  keys: 'key',
  secrets: 'secret',
  certificates: 'certificate',
  deletedvaults: 'vault',
};

/** Reads the first present of several spellings (resource log, AzureDiagnostics, Activity). */
function pick(rec: Json, ...paths: string[][]): string | undefined {
  for (const p of paths) {
    const v = str(rec, ...p);
    if (v !== undefined) return v;
  }
  return undefined;
}

export function azureOperation(rec: Json): string | undefined {
  return pick(rec, ['operationName', 'value'], ['operationName'], ['OperationName']);
}

function outcome(rec: Json): 'success' | 'failure' | 'unknown' | undefined {
  const r = (
    pick(rec, ['resultType'], ['ResultType'], ['status', 'value'], ['status']) ?? ''
  ).toLowerCase();
  if (r === 'success' || r === 'succeeded') return 'success';
  if (r === 'failure' || r === 'failed') return 'failure';
  if (['start', 'started', 'accept', 'accepted', 'active', 'inprogress'].includes(r))
    return 'unknown';
  const code = Number(
    pick(rec, ['properties', 'httpStatusCode'], ['httpStatusCode_d'], ['httpStatusCode']),
  );
  if (Number.isFinite(code) && code >= 100) return code < 400 ? 'success' : 'failure';
  const sig = pick(rec, ['resultSignature'], ['ResultSignature']);
  if (sig !== undefined)
    return /^(OK|Created|Accepted|NoContent)$/i.test(sig) ? 'success' : 'failure';
  return undefined;
}

function target(rec: Json) {
  const uri = pick(rec, ['properties', 'id'], ['id_s']);
  const m = uri ? /^https:\/\/[^/]+\/(keys|secrets|certificates)\/([^/?]+)/i.exec(uri) : null;
  if (uri && m) return { type: OBJECTS[m[1]!.toLowerCase()], id: uri, name: m[2] };
  const rid = pick(rec, ['resourceId'], ['ResourceId']);
  const r = rid
    ? /\/(vaults|deletedvaults)\/([^/]+)(?:\/(keys|secrets|certificates)\/([^/]+))?/i.exec(rid)
    : null;
  if (rid && r) {
    return r[3]
      ? { type: OBJECTS[r[3].toLowerCase()], id: rid, name: r[4] }
      : { type: 'vault', id: rid, name: r[2] };
  }
  return uri ? { type: 'vault', id: uri } : rid ? { type: 'resource', id: rid } : undefined;
}

export function azureDraft(rec: Json, map: RoleMap | undefined): EventDraft {
  const op = azureOperation(rec) ?? '';
  const entry = AUDIT_EVENT_OPS[op] ?? ACTIVITY_OPS[op.toLowerCase()];
  const claims =
    obj(at(rec, 'identity', 'claim')) ??
    obj(at(rec, 'identity', 'claims')) ??
    obj(rec['claims']) ??
    {};
  const oid =
    str(claims, OID) ??
    str(claims, 'oid') ??
    pick(
      rec,
      ['identity_claim_http_schemas_microsoft_com_identity_claims_objectidentifier_g'],
      ['identity_claim_oid_g'],
    );
  const upn =
    str(claims, UPN) ??
    str(claims, 'upn') ??
    pick(
      rec,
      ['identity_claim_http_schemas_xmlsoap_org_ws_2005_05_identity_claims_upn_s'],
      ['identity_claim_upn_s'],
    );
  const appid = str(claims, 'appid') ?? pick(rec, ['identity_claim_appid_g']);
  const caller = str(rec, 'caller');
  const time = pick(rec, ['time'], ['TimeGenerated'], ['eventTimestamp']);
  const correlation = pick(rec, ['correlationId'], ['CorrelationId']);
  return {
    vendorId: correlation && time && op ? `${correlation}:${time}:${op}` : undefined,
    time: toUtc(time),
    type: entry?.[0] ?? 'other.unmapped',
    operation: op === '' ? undefined : op,
    outcome: outcome(rec),
    actor: {
      id: oid ?? upn ?? caller ?? appid,
      name: upn ?? (caller?.includes('@') ? caller : undefined),
      roles: lookupRoles(map, oid, upn, appid, caller),
      type: upn || caller?.includes('@') ? 'user' : appid ? 'application' : undefined,
      ip: pick(rec, ['callerIpAddress'], ['CallerIPAddress'], ['httpRequest', 'clientIpAddress']),
      user_agent: pick(rec, ['properties', 'clientInfo'], ['clientInfo_s']),
    },
    target: target(rec),
    keyBearing: entry?.[1] ?? false,
    detail: {
      category: pick(rec, ['category', 'value'], ['category'], ['Category']),
      result_type: pick(rec, ['resultType'], ['ResultType']),
      result_signature: pick(rec, ['resultSignature'], ['ResultSignature']),
      result_description: pick(rec, ['resultDescription'], ['ResultDescription']),
      http_status: pick(rec, ['properties', 'httpStatusCode'], ['httpStatusCode_d']),
      duration_ms: pick(rec, ['durationMs'], ['DurationMs']),
      resource_id: pick(rec, ['resourceId'], ['ResourceId']),
      request_uri: pick(rec, ['properties', 'requestUri'], ['requestUri_s']),
      operation_version: str(rec, 'operationVersion'),
      correlation_id: correlation,
      tenant_id: pick(rec, ['tenantId'], ['TenantId']),
      app_id: appid,
      location: str(rec, 'location'),
    },
  };
}
