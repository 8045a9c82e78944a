// One Vault audit entry (already redacted) → event draft. Field meanings follow the audit
// schema (developer.hashicorp.com/vault/docs/audit/schema) and research note §1 (Vault row).
import type { EventDraft } from '../core/event-builder.ts';
import { at, obj, splitHostPort, strings, type Json } from '../core/field-access.ts';
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
  // Built member by member (no spreads, no path walks): this runs once per Vault event.
  const kind = String(rec['type']);
  const request = obj(rec['request']) ?? {};
  const auth = obj(rec['auth']);
  const namespace = obj(request['namespace']);
  const error = text(rec, 'error');
  const remote = splitHostPort(text(request, 'remote_address'));
  const policies = policyList(auth);
  const roles = lookupRoles(policyRoles ?? DEFAULT_POLICY_ROLES, ...policies);
  const ua = obj(request['headers'])?.['user-agent'];
  const mountType = text(request, 'mount_type');
  const mountPoint = text(request, 'mount_point');
  const detail: Json = {
    vault_type: kind,
    namespace: text(namespace, 'path') ?? text(namespace, 'id'),
    mount_type: mountType,
    mount_point: mountPoint,
    remote_port: remote.port,
    policies: policies.length > 0 ? policies : undefined,
    token_type: text(auth, 'token_type'),
    auth_metadata: obj(auth?.['metadata']),
    forwarded_from: text(request, 'forwarded_from'),
    error,
    request_time: requestTime,
  };
  const time = toUtc(rec['time']);
  const source = { request_id: text(request, 'id') };
  const ip = remote.ip;
  const userAgent = Array.isArray(ua) ? strings(ua)[0] : typeof ua === 'string' ? ua : undefined;
  if (kind.startsWith('kmip-')) {
    const f = kmipFacts(
      at(request, 'data', 'kmip_request'),
      at(rec, 'response', 'data', 'kmip_response'),
    );
    detail['kmip_result_reason'] = f.resultReason;
    detail['kmip_batch_count'] = f.batchCount;
    const serial = text(request, 'client_certificate_serial_number');
    return {
      time,
      source,
      detail,
      type: f.type,
      operation: f.operation,
      outcome: error ? 'failure' : kind === 'kmip-response' ? f.outcome : 'unknown',
      actor: {
        ip,
        user_agent: userAgent,
        roles,
        id: serial,
        type: serial ? 'certificate' : undefined,
      },
      target: f.uniqueId ? { type: 'key', id: f.uniqueId } : undefined,
      keyBearing: f.keyBearing,
    };
  }
  const path = text(request, 'path');
  const op = text(request, 'operation');
  const c = path && op ? classifyVault(path, op, mountType, mountPoint) : undefined;
  const displayName = text(auth, 'display_name');
  const entity = text(auth, 'entity_id');
  const token = text(request, 'client_token');
  if (!entity && !displayName && token) detail['actor_id_from'] = 'client_token';
  return {
    time,
    source,
    detail,
    type: c?.type ?? 'other.unmapped',
    operation: path && op ? `${op} ${path}` : undefined,
    outcome: error ? 'failure' : kind === 'response' ? 'success' : 'unknown',
    actor: {
      ip,
      user_agent: userAgent,
      roles,
      id: entity ?? displayName ?? token,
      name: displayName,
      type: 'token',
      session: text(auth, 'accessor') ?? text(request, 'client_token_accessor'),
    },
    target: c?.target,
    keyBearing: c?.keyBearing ?? false,
  };
}

/** str(o, key) for an object already in hand: a non-empty string, or a finite number as text. */
function text(o: Json | undefined, key: string): string | undefined {
  if (o === undefined) return undefined;
  const v = o[key];
  if (typeof v === 'string') return v === '' ? undefined : v;
  if (typeof v === 'number' && Number.isFinite(v)) return String(v);
  return undefined;
}

/** auth policies, token_policies and identity_policies: each name once, sorted. */
function policyList(auth: Json | undefined): string[] {
  if (auth === undefined) return [];
  const a = strings(auth['policies']);
  const b = strings(auth['token_policies']);
  const c = strings(auth['identity_policies']);
  if (b.length === 0 && c.length === 0 && a.length <= 1) return a;
  return [...new Set([...a, ...b, ...c])].sort();
}
