// Rule-pack cases for rules that judge one event at a time.
import { readFileSync } from 'node:fs';
import type { Case } from './rule-pack-cases.ts';
import { admin, ev } from './events.ts';
import type { EventSpec } from './events.ts';

const one = (spec: EventSpec): Case => ({ events: () => [ev(spec)] });
const pair = (pos: EventSpec, neg: EventSpec) => ({ positive: one(pos), negative: one(neg) });
const key = { type: 'key', id: 'arn:aws:kms:eu-west-1:1111:key/k-1' };
const auditor = { id: 'dora', roles: ['audit_admin'] };

const putPolicy = readFileSync(
  new URL('../data/samples/cloudtrail-kms/ct-put-key-policy.json', import.meta.url),
  'utf8',
);
const openPolicy = putPolicy.replace(
  '\\"AWS\\" : \\"arn:aws:iam::111122223333:root\\"',
  '\\"AWS\\" : \\"*\\"',
);
const gcpOpen = JSON.stringify({
  protoPayload: {
    methodName: 'SetIamPolicy',
    request: {
      policy: {
        bindings: [{ role: 'roles/cloudkms.cryptoKeyEncrypterDecrypter', members: ['allUsers'] }],
      },
    },
  },
});

export const SINGLE_CASES: Record<string, { positive: Case; negative: Case }> = {
  kw_key_destroy_scheduled: pair(
    { type: 'key.destroy_scheduled', target: key },
    { type: 'key.destroy_scheduled', outcome: 'failure', target: key },
  ),
  kw_key_disabled: pair({ type: 'key.disable', target: key }, { type: 'key.enable', target: key }),
  kw_key_purge: pair({ type: 'secret.purge' }, { type: 'secret.delete' }),
  kw_key_material_import_or_delete: pair(
    { type: 'key.material_delete', target: key },
    { type: 'key.create', target: key },
  ),
  kw_key_export: pair({ type: 'key.backup', target: key }, { type: 'key.read', target: key }),
  kw_rotation_disabled: pair(
    { type: 'key.rotation_disable', target: key },
    { type: 'key.rotation_enable', target: key },
  ),
  kw_key_material_exposed: pair(
    { type: 'key.material_exposed', target: key },
    { type: 'key.create', target: key },
  ),
  kw_key_pending_deletion_refused: pair(
    {
      type: 'crypto.decrypt',
      outcome: 'failure',
      target: key,
      detail: {
        error_code: 'KMSInvalidStateException',
        error_message: `${key.id} is pending deletion.`,
      },
    },
    {
      type: 'crypto.decrypt',
      outcome: 'failure',
      target: key,
      detail: { error_code: 'AccessDeniedException', error_message: 'not authorized' },
    },
  ),
  kw_key_policy_change: pair(
    { type: 'key.grant', target: key },
    { type: 'key.grant', outcome: 'failure', target: key },
  ),
  kw_key_open_to_everyone: {
    positive: {
      events: () => [
        ev({ type: 'key.policy_change', source: { kind: 'cloudtrail' }, raw: openPolicy }),
        ev({ type: 'key.policy_change', source: { kind: 'gcp-kms' }, raw: gcpOpen }),
      ],
    },
    negative: {
      events: () => [
        ev({ type: 'key.policy_change', source: { kind: 'cloudtrail' }, raw: putPolicy }),
        ev({ type: 'key.read', raw: openPolicy }),
      ],
    },
  },
  kw_dual_control_self_approval: pair(
    {
      type: 'change.approved',
      actor: { id: 'alice' },
      detail: { change_id: 'CHG-1', requested_by: 'ALICE' },
    },
    {
      type: 'change.approved',
      actor: { id: 'alice' },
      detail: { change_id: 'CHG-1', requested_by: 'bob' },
    },
  ),
  kw_audit_admin_uses_keys: pair(
    { type: 'crypto.decrypt', actor: auditor, target: key },
    { type: 'key.read', actor: auditor, target: key },
  ),
  kw_root_or_break_glass: {
    positive: {
      events: () => [
        ev({
          type: 'key.create',
          actor: { id: 'root-acct', roles: ['root'] },
          source: { kind: 'cloudtrail' },
        }),
        ev({ type: 'auth.privilege_use', detail: { break_glass: true } }),
      ],
    },
    negative: {
      events: () => [
        ev({
          type: 'user.create',
          actor: { id: '0', roles: ['root'] },
          source: { kind: 'auditd' },
        }),
        ev({ type: 'auth.privilege_use', detail: { break_glass: false } }),
      ],
    },
  },
  kw_privileged_role_granted: {
    positive: {
      events: () => [
        ev({ type: 'role.assign', detail: { role: 'crypto_officer' } }),
        ev({ type: 'user.create', detail: { roles: ['crypto_user', 'key_admin'] } }),
      ],
    },
    negative: {
      events: () => [
        ev({ type: 'role.assign', detail: { role: 'crypto_user' } }),
        ev({ type: 'user.create', detail: { roles: ['crypto_user'] } }),
      ],
    },
  },
  kw_admin_outside_admin_networks: pair(
    { type: 'key.create', actor: admin('carol', '203.0.113.5') },
    { type: 'key.create', actor: admin('carol', '10.1.2.3') },
  ),
  kw_audit_config_by_non_auditor: pair(
    { type: 'audit.config_change', actor: admin() },
    { type: 'audit.config_change', actor: auditor },
  ),
  kw_audit_trail_stopped: pair(
    { type: 'audit.disabled', actor: auditor },
    { type: 'audit.enabled', actor: auditor },
  ),
  kw_log_verification_failed: pair(
    { type: 'log.verify_failed', source: { kind: 'keywatch' } },
    { type: 'api.read', source: { kind: 'keywatch' } },
  ),
  kw_audit_log_read_by_non_auditor: pair(
    { type: 'audit.read' },
    { type: 'audit.read', actor: auditor },
  ),
  kw_critical_file_changed: pair(
    { type: 'fim.modified', target: { type: 'file', id: '/etc/vault.d/vault.hcl' } },
    { type: 'fim.modified', target: { type: 'file', id: '/var/log/app.log' } },
  ),
  kw_hsm_self_test_failure: pair(
    { type: 'system.self_test', outcome: 'failure' },
    { type: 'system.self_test' },
  ),
  kw_hsm_tamper: pair({ type: 'system.tamper' }, { type: 'system.start' }),
  kw_key_deployment_mismatch: pair(
    { type: 'key.deployment_mismatch', outcome: 'failure', target: key },
    { type: 'key.check', target: key },
  ),
  kw_key_check_failed: pair(
    { type: 'key.check', outcome: 'failure', target: key },
    { type: 'key.check', outcome: 'success', target: key },
  ),
  kw_vulnerable_software: pair(
    { type: 'software.vulnerable', target: { type: 'host', id: 'kms-1' } },
    { type: 'software.inventory', target: { type: 'host', id: 'kms-1' } },
  ),
  kw_vulnerability_feed_stale: pair(
    {
      type: 'sca.feed_stale',
      outcome: 'failure',
      target: { type: 'vulnerability_feed', id: 'sca/vulnerability-feed.xml' },
    },
    { type: 'software.vulnerable', target: { type: 'host', id: 'kms-1' } },
  ),
  kw_software_drift: pair(
    { type: 'software.drift', target: { type: 'host', id: 'kms-1' } },
    { type: 'software.baseline_approved', target: { type: 'host_group', id: 'kms' } },
  ),
  kw_hardening_check_failed: pair(
    {
      type: 'sca.check_failed',
      outcome: 'failure',
      target: { type: 'sca_check', id: 'kms-hardening/kms-010' },
    },
    { type: 'sca.check_passed', target: { type: 'sca_check', id: 'kms-hardening/kms-010' } },
  ),
  kw_kms_performance_degraded: pair(
    { type: 'perf.capacity_drop', target: { type: 'host', id: 'kms-1' } },
    { type: 'perf.sample', target: { type: 'host', id: 'kms-1' } },
  ),
};
