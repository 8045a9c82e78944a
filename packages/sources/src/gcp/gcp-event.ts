// One Cloud Audit Logs LogEntry for Cloud KMS → event draft. LogEntry fields:
// cloud.google.com/logging/docs/reference/v2/rest/v2/LogEntry; AuditLog payload:
// cloud.google.com/logging/docs/reference/audit/auditlog/rest/Shared.Types/AuditLog.
// Identity is `authenticationInfo.principalEmail`; roles are not logged (research note §1).
import type { KmsRole } from '@keywatch/protocol';
import type { EventDraft } from '../core/event-builder.ts';
import { at, obj, str, type Json } from '../core/field-access.ts';
import { lookupRoles } from '../core/role-map.ts';
import { toUtc } from '../core/event-time.ts';
import type { RoleMap } from '../core/record-types.ts';
import { GCP_METHODS, refineGcpType } from './gcp-methods.ts';

function target(p: Json, rec: Json) {
  const name = str(p, 'resourceName');
  if (name === undefined) return undefined;
  const type = /\/cryptoKeyVersions\//.test(name)
    ? 'key_version'
    : /\/cryptoKeys\//.test(name)
      ? 'key'
      : /\/keyRings\//.test(name)
        ? 'key_ring'
        : 'resource';
  const m = /\/cryptoKeys\/([^/]+)/.exec(name);
  return { type, id: name, name: m?.[1] ?? str(rec, 'resource', 'labels', 'crypto_key_id') };
}

/** "projects/p/logs/cloudaudit.googleapis.com%2Factivity" → "activity" (LogEntry.logName). */
function logId(logName: string): string {
  const id = logName.split('/logs/')[1] ?? logName;
  let decoded = id;
  try {
    decoded = decodeURIComponent(id);
  } catch {
    // a malformed %-escape: keep the text as written
  }
  return decoded.replace('cloudaudit.googleapis.com/', '');
}

export function gcpDraft(rec: Json, map: RoleMap | undefined): EventDraft {
  const p = obj(rec['protoPayload']) ?? {};
  const full = str(p, 'methodName');
  const method = full?.split('.').pop() ?? '';
  const entry = GCP_METHODS[method];
  const type = refineGcpType(method, obj(p['request']), entry?.[0] ?? 'other.unmapped');
  const email =
    str(p, 'authenticationInfo', 'principalEmail') ??
    str(p, 'authenticationInfo', 'principalSubject');
  const service = email?.endsWith('.gserviceaccount.com') === true;
  const roles = lookupRoles(map, email);
  if (roles.size === 0 && service) roles.add('service' satisfies KmsRole);
  const code = at(p, 'status', 'code');
  const codeNum = typeof code === 'number' ? code : undefined;
  const stamp = str(rec, 'timestamp');
  const time = toUtc(stamp) ?? toUtc(stamp, { assumeUtc: true });
  const logName = str(rec, 'logName');
  const perms = Array.isArray(p['authorizationInfo'])
    ? p['authorizationInfo'].map((a) => obj(a)).filter((a) => a)
    : [];
  const insert = str(rec, 'insertId');
  return {
    // LogEntry: entries with the same timestamp and insertId are duplicates of one another.
    vendorId: insert !== undefined && stamp !== undefined ? `${stamp}:${insert}` : undefined,
    time,
    type,
    operation: full,
    outcome: codeNum === undefined || codeNum === 0 ? 'success' : 'failure',
    actor: {
      id: email,
      roles,
      type: email === undefined ? undefined : service ? 'service_account' : 'user',
      ip: str(p, 'requestMetadata', 'callerIp') ?? str(p, 'requestMetadata', 'callerIP'),
      user_agent: str(p, 'requestMetadata', 'callerSuppliedUserAgent'),
    },
    target: target(p, rec),
    keyBearing: entry?.[1] ?? false,
    detail: {
      service_name: str(p, 'serviceName'),
      log: logName === undefined ? undefined : logId(logName),
      status_code: codeNum,
      status_message: str(p, 'status', 'message'),
      vendor_severity: str(rec, 'severity'),
      project_id: str(rec, 'resource', 'labels', 'project_id'),
      location: str(rec, 'resource', 'labels', 'location'),
      resource_type: str(rec, 'resource', 'type'),
      request_name: str(p, 'request', 'name'),
      permissions:
        perms.length > 0
          ? perms.map((a) => ({ permission: a?.['permission'], granted: a?.['granted'] }))
          : undefined,
      time_zone_assumed:
        stamp !== undefined && toUtc(stamp) === undefined && time !== undefined ? 'UTC' : undefined,
      receive_timestamp: str(rec, 'receiveTimestamp'),
    },
  };
}
