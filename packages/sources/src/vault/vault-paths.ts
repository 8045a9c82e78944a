// Vault request path + operation → taxonomy type and target. Paths follow the HTTP API docs:
// transit (developer.hashicorp.com/vault/api-docs/secret/transit), KV v1/v2 (…/secret/kv),
// PKI (…/secret/pki), sys (…/api-docs/system), token and auth methods (…/api-docs/auth).
// `write` stands for create, update and patch (Vault's ACL capabilities); `create` wins when
// the operation is create.
import type { ActionType } from '@keywatch/protocol';

type Ops = Partial<Record<'read' | 'create' | 'write' | 'delete' | 'list', ActionType>>;
interface Rule {
  re: RegExp;
  ops: Ops;
  /** Which capture names the object, and what kind of object it is. */
  target?: { type: string; group: number; prefix?: string };
  key?: boolean;
}

const W = (t: ActionType): Ops => ({ write: t });
const TRANSIT: Rule[] = [
  { re: /^keys\/?$/, ops: { list: 'key.read' } },
  {
    re: /^keys\/([^/]+)$/,
    ops: { write: 'key.create', read: 'key.read', delete: 'key.destroy' },
    target: { type: 'key', group: 1, prefix: 'keys/' },
    key: true,
  },
  {
    re: /^keys\/([^/]+)\/rotate$/,
    ops: W('key.rotate'),
    target: { type: 'key', group: 1, prefix: 'keys/' },
    key: true,
  },
  {
    re: /^keys\/([^/]+)\/config$/,
    ops: { write: 'key.policy_change', read: 'key.read' },
    target: { type: 'key', group: 1, prefix: 'keys/' },
    key: true,
  },
  {
    re: /^keys\/([^/]+)\/trim$/,
    ops: W('key.destroy'),
    target: { type: 'key', group: 1, prefix: 'keys/' },
    key: true,
  },
  {
    re: /^keys\/([^/]+)\/import(?:_version)?$/,
    ops: W('key.import'),
    target: { type: 'key', group: 1, prefix: 'keys/' },
    key: true,
  },
  {
    re: /^export\/[^/]+\/([^/]+)(?:\/[^/]+)?$/,
    ops: { read: 'key.export' },
    target: { type: 'key', group: 1, prefix: 'keys/' },
    key: true,
  },
  {
    re: /^backup\/([^/]+)$/,
    ops: { read: 'key.backup' },
    target: { type: 'key', group: 1, prefix: 'keys/' },
    key: true,
  },
  {
    re: /^restore(?:\/([^/]+))?$/,
    ops: W('key.restore'),
    target: { type: 'key', group: 1, prefix: 'keys/' },
  },
  {
    re: /^encrypt\/([^/]+)$/,
    ops: W('crypto.encrypt'),
    target: { type: 'key', group: 1, prefix: 'keys/' },
    key: true,
  },
  {
    re: /^decrypt\/([^/]+)$/,
    ops: W('crypto.decrypt'),
    target: { type: 'key', group: 1, prefix: 'keys/' },
    key: true,
  },
  {
    re: /^rewrap\/([^/]+)$/,
    ops: W('crypto.reencrypt'),
    target: { type: 'key', group: 1, prefix: 'keys/' },
    key: true,
  },
  {
    re: /^datakey\/(?:plaintext|wrapped)\/([^/]+)$/,
    ops: W('crypto.generate_data_key'),
    target: { type: 'key', group: 1, prefix: 'keys/' },
    key: true,
  },
  {
    re: /^sign\/([^/]+)(?:\/[^/]+)?$/,
    ops: W('crypto.sign'),
    target: { type: 'key', group: 1, prefix: 'keys/' },
    key: true,
  },
  {
    re: /^verify\/([^/]+)(?:\/[^/]+)?$/,
    ops: W('crypto.verify'),
    target: { type: 'key', group: 1, prefix: 'keys/' },
    key: true,
  },
  {
    re: /^hmac\/([^/]+)(?:\/[^/]+)?$/,
    ops: W('crypto.mac'),
    target: { type: 'key', group: 1, prefix: 'keys/' },
    key: true,
  },
  { re: /^random(?:\/.*)?$/, ops: W('crypto.random') },
  { re: /^hash(?:\/.*)?$/, ops: W('crypto.hash') },
  { re: /^wrapping_key$/, ops: { read: 'key.read' } },
  { re: /^(?:cache-config|config\/.*)$/, ops: W('system.config_change') },
];

const KV2: Rule[] = [
  {
    re: /^data\/(.+)$/,
    ops: { read: 'secret.read', write: 'secret.write', delete: 'secret.delete' },
    target: { type: 'secret', group: 1, prefix: 'data/' },
  },
  {
    re: /^metadata\/(.+)$/,
    ops: { write: 'secret.write', delete: 'secret.delete' },
    target: { type: 'secret', group: 1, prefix: 'data/' },
  },
  {
    re: /^(?:delete|destroy)\/(.+)$/,
    ops: W('secret.delete'),
    target: { type: 'secret', group: 1, prefix: 'data/' },
  },
  {
    re: /^undelete\/(.+)$/,
    ops: W('secret.recover'),
    target: { type: 'secret', group: 1, prefix: 'data/' },
  },
  { re: /^config$/, ops: W('system.config_change') },
];
const KV1: Rule[] = [
  {
    re: /^(.+)$/,
    ops: { read: 'secret.read', write: 'secret.write', delete: 'secret.delete' },
    target: { type: 'secret', group: 1 },
  },
];
const CA = { type: 'key', group: 0, prefix: 'ca' };
const PKI: Rule[] = [
  {
    re: /^(?:issuer\/[^/]+\/)?issue\/([^/]+)$/,
    ops: W('cert.issue'),
    target: { type: 'pki_role', group: 1, prefix: 'roles/' },
  },
  {
    re: /^(?:issuer\/[^/]+\/)?sign(?:-verbatim)?(?:\/([^/]+))?$/,
    ops: W('cert.issue'),
    target: { type: 'pki_role', group: 1, prefix: 'roles/' },
  },
  {
    re: /^(?:root|issuer\/[^/]+)\/sign-(?:intermediate|self-issued)$/,
    ops: W('cert.issue'),
    target: CA,
  },
  { re: /^revoke(?:-with-key)?$/, ops: W('cert.revoke') },
  {
    re: /^(?:root|intermediate|issuers)\/generate\/[^/]+$/,
    ops: W('key.create'),
    target: CA,
    key: true,
  },
  { re: /^keys\/generate\/[^/]+$/, ops: W('key.create'), target: CA, key: true },
  {
    re: /^(?:keys\/import|config\/ca|issuers\/import\/bundle)$/,
    ops: W('key.import'),
    target: CA,
    key: true,
  },
  {
    re: /^key\/([^/]+)$/,
    ops: { delete: 'key.destroy', write: 'key.update', read: 'key.read' },
    target: { type: 'key', group: 1, prefix: 'key/' },
    key: true,
  },
  { re: /^root$/, ops: { delete: 'key.destroy' }, target: CA, key: true },
  {
    re: /^roles\/([^/]+)$/,
    ops: { write: 'cert.update', delete: 'cert.update' },
    target: { type: 'pki_role', group: 1, prefix: 'roles/' },
  },
  { re: /^(?:config\/.+|crl\/rotate(?:-delta)?)$/, ops: W('cert.update') },
  {
    re: /^cert\/([^/]+)$/,
    ops: { read: 'cert.read' },
    target: { type: 'certificate', group: 1, prefix: 'cert/' },
  },
];
const SYS: Rule[] = [
  {
    re: /^(?:policy|policies\/(?:acl|rgp|egp|password))\/([^/]+)$/,
    ops: { write: 'policy.change', delete: 'policy.change' },
    target: { type: 'policy', group: 1 },
  },
  {
    re: /^audit\/(.+)$/,
    ops: { write: 'audit.enabled', delete: 'audit.disabled' },
    target: { type: 'audit_device', group: 1 },
  },
  {
    re: /^config\/auditing\/request-headers(?:\/.*)?$/,
    ops: { write: 'audit.config_change', delete: 'audit.config_change' },
  },
  { re: /^seal$/, ops: W('system.seal') },
  { re: /^unseal$/, ops: W('system.unseal') },
  {
    re: /^init$/,
    ops: W('key.create'),
    target: { type: 'key', group: 0, prefix: 'vault-root-key' },
  },
  {
    re: /^rotate$/,
    ops: W('key.rotate'),
    target: { type: 'key', group: 0, prefix: 'vault-barrier-key' },
  },
  {
    re: /^rotate\/config$/,
    ops: W('key.policy_change'),
    target: { type: 'key', group: 0, prefix: 'vault-barrier-key' },
  },
  {
    re: /^rekey(?:-recovery-key)?\/(?:init|update|verify)$/,
    ops: { write: 'key.rotate', delete: 'key.rotate' },
    target: { type: 'key', group: 0, prefix: 'vault-root-key' },
  },
  { re: /^generate-(?:root|recovery-token)\/(?:attempt|update)$/, ops: W('auth.privilege_use') },
  {
    re: /^(?:mounts|auth|remount|namespaces|quotas|config|replication|license|storage|plugins)(?:\/.*)?$/,
    ops: { write: 'system.config_change', delete: 'system.config_change' },
  },
  { re: /^step-down$/, ops: W('system.config_change') },
  { re: /^leases\/revoke(?:-prefix|-force)?(?:\/.*)?$/, ops: W('auth.token_revoke') },
  { re: /^wrapping\/unwrap$/, ops: W('secret.read') },
  {
    re: /^raw\/(.+)$/,
    ops: { read: 'secret.read', write: 'secret.write', delete: 'secret.delete' },
    target: { type: 'storage', group: 1 },
  },
];
const AUTH: Rule[] = [
  { re: /^token\/create(?:-orphan)?(?:\/.*)?$/, ops: W('auth.token_create') },
  { re: /^token\/revoke(?:-self|-orphan|-accessor)?$/, ops: W('auth.token_revoke') },
  {
    re: /^token\/roles\/([^/]+)$/,
    ops: { write: 'policy.change', delete: 'policy.change' },
    target: { type: 'token_role', group: 1 },
  },
  {
    re: /^([^/]+)\/login(?:\/.*)?$/,
    ops: { write: 'auth.login', read: 'auth.login' },
    target: { type: 'auth_method', group: 1, prefix: '' },
  },
  {
    re: /^([^/]+\/role\/[^/]+)\/secret-id$/,
    ops: W('auth.token_create'),
    target: { type: 'auth_role', group: 1 },
  },
  {
    re: /^([^/]+\/users?\/[^/]+)$/,
    ops: { create: 'user.create', write: 'user.change', delete: 'user.delete' },
    target: { type: 'user', group: 1 },
  },
  {
    re: /^([^/]+\/users?\/[^/]+)\/(?:password|policies)$/,
    ops: W('user.change'),
    target: { type: 'user', group: 1 },
  },
  {
    re: /^([^/]+\/groups?\/[^/]+)$/,
    ops: { write: 'role.assign', delete: 'role.revoke' },
    target: { type: 'group', group: 1 },
  },
  {
    re: /^([^/]+\/roles?\/[^/]+)$/,
    ops: { write: 'policy.change', delete: 'policy.change' },
    target: { type: 'auth_role', group: 1 },
  },
  { re: /^[^/]+\/config(?:\/.*)?$/, ops: W('system.config_change') },
];
const IDENTITY: Rule[] = [
  {
    re: /^(entity(?:\/(?:id|name))?(?:\/[^/]+)?)$/,
    ops: { create: 'user.create', write: 'user.change', delete: 'user.delete' },
    target: { type: 'user', group: 1 },
  },
  {
    re: /^(group(?:\/(?:id|name))?(?:\/[^/]+)?)$/,
    ops: { write: 'role.assign', delete: 'role.revoke' },
    target: { type: 'group', group: 1 },
  },
  {
    re: /^oidc\/key\/([^/]+)\/rotate$/,
    ops: W('key.rotate'),
    target: { type: 'key', group: 1 },
    key: true,
  },
];
const CREDS: Rule[] = [
  {
    re: /^creds\/([^/]+)$/,
    ops: { read: 'secret.read', write: 'secret.read' },
    target: { type: 'credential_role', group: 1 },
  },
];
const KMIP: Rule[] = [
  { re: /^scope\/[^/]+\/role\/[^/]+\/credential\/generate$/, ops: W('auth.token_create') },
  {
    re: /^(scope\/[^/]+\/role\/[^/]+)$/,
    ops: { write: 'policy.change', delete: 'policy.change' },
    target: { type: 'kmip_role', group: 1 },
  },
  { re: /^config$/, ops: W('system.config_change') },
];

export const ENGINE_RULES: Readonly<Record<string, readonly Rule[]>> = {
  transit: TRANSIT,
  kv: KV1,
  kv2: KV2,
  pki: PKI,
  system: SYS,
  auth: AUTH,
  identity: IDENTITY,
  kmip: KMIP,
  database: CREDS,
  aws: CREDS,
  ssh: CREDS,
  gcp: CREDS,
  azure: CREDS,
};
export type { Rule };
