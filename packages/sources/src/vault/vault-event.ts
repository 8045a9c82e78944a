// One Vault audit entry (already redacted) → event draft. Field meanings follow the audit
// schema (developer.hashicorp.com/vault/docs/audit/schema) and research note §1 (Vault row).
import type { EventDraft } from '../core/event-builder.ts';
import { at, obj, splitHostPort, str, strings, type Json } from '../core/field-access.ts';
import { lookupRoles } from '../core/role-map.ts';
import { toUtc } from '../core/event-time.ts';
import type { RoleMap } from '../core/record-types.ts';
import { classifyVault } from './vault-classify.ts';
import { kmipFacts } from './vault-kmip.ts';

export const VAULT_TYPES = new Set(['request', 'response', 'kmip-request', 'kmip-response']);
export const DEFAULT_POLICY_ROLES: RoleMap = { root: ['root'] };

export function vaultDraft(
  rec: Json,
  policyRoles: RoleMap | undefined,
  requestTime?: string,
): EventDraft {
  const kind = String(rec['type']);
  const request = obj(rec['request']) ?? {};
  const error = str(rec, 'error');
  const remote = splitHostPort(str(request, 'remote_address'));
  const policies = [
    ...new Set([
      ...strings(at(rec, 'auth', 'policies')),
      ...strings(at(rec, 'auth', 'token_policies')),
      ...strings(at(rec, 'auth', 'identity_policies')),
    ]),
  ].sort();
  const roles = lookupRoles(policyRoles ?? DEFAULT_POLICY_ROLES, ...policies);
  const ua = at(request, 'headers', 'user-agent');
  const detail: Json = {
    vault_type: kind,
    namespace: str(request, 'namespace', 'path') ?? str(request, 'namespace', 'id'),
    mount_type: str(request, 'mount_type'),
    mount_point: str(request, 'mount_point'),
    remote_port: remote.port,
    policies: policies.length > 0 ? policies : undefined,
    token_type: str(rec, 'auth', 'token_type'),
    auth_metadata: obj(at(rec, 'auth', 'metadata')),
    forwarded_from: str(request, 'forwarded_from'),
    error,
    request_time: requestTime,
  };
  const base = {
    time: toUtc(rec['time']),
    source: { request_id: str(request, 'id') },
    detail,
  };
  const actor = {
    ip: remote.ip,
    user_agent: Array.isArray(ua) ? strings(ua)[0] : typeof ua === 'string' ? ua : undefined,
    roles,
  };
  if (kind.startsWith('kmip-')) {
    const f = kmipFacts(
      at(request, 'data', 'kmip_request'),
      at(rec, 'response', 'data', 'kmip_response'),
    );
    detail['kmip_result_reason'] = f.resultReason;
    detail['kmip_batch_count'] = f.batchCount;
    const serial = str(request, 'client_certificate_serial_number');
    return {
      ...base,
      type: f.type,
      operation: f.operation,
      outcome: error ? 'failure' : kind === 'kmip-response' ? f.outcome : 'unknown',
      actor: { ...actor, id: serial, type: serial ? 'certificate' : undefined },
      target: f.uniqueId ? { type: 'key', id: f.uniqueId } : undefined,
      keyBearing: f.keyBearing,
    };
  }
  const path = str(request, 'path');
  const op = str(request, 'operation');
  const c =
    path && op
      ? classifyVault(path, op, str(request, 'mount_type'), str(request, 'mount_point'))
      : undefined;
  const displayName = str(rec, 'auth', 'display_name');
  const entity = str(rec, 'auth', 'entity_id');
  const token = str(request, 'client_token');
  if (!entity && !displayName && token) detail['actor_id_from'] = 'client_token';
  return {
    ...base,
    type: c?.type ?? 'other.unmapped',
    operation: path && op ? `${op} ${path}` : undefined,
    outcome: error ? 'failure' : kind === 'response' ? 'success' : 'unknown',
    actor: {
      ...actor,
      id: entity ?? displayName ?? token,
      name: displayName,
      type: 'token',
      session: str(rec, 'auth', 'accessor') ?? str(request, 'client_token_accessor'),
    },
    target: c?.target,
    keyBearing: c?.keyBearing ?? false,
  };
}
