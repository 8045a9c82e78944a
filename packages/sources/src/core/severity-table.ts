// Default severity by action type: what an audit administrator should look at first. Rules in
// packages/detect decide alerts; this only ranks the raw event (research note §4 severities).
import type { ActionType, Outcome, Severity } from '@keywatch/protocol';

const HIGH = new Set<ActionType>([
  'key.destroy',
  'key.destroy_scheduled',
  'key.purge',
  'key.export',
  'key.material_delete',
  'key.import',
  'audit.disabled',
  'audit.cleared',
  'system.tamper',
  'secret.purge',
  'auth.privilege_use',
]);
const MEDIUM = new Set<ActionType>([
  'key.disable',
  'key.rotation_disable',
  'key.policy_change',
  'key.grant',
  'key.backup',
  'key.restore',
  'key.wrap',
  'key.unwrap',
  'audit.config_change',
  'policy.change',
  'role.assign',
  'user.create',
  'user.delete',
  'system.seal',
  'system.config_change',
  'system.firmware',
  'cert.revoke',
  'secret.delete',
]);

export function defaultSeverity(type: ActionType, outcome: Outcome): Severity {
  if (type === 'key.material_exposed') return 'critical';
  if (HIGH.has(type)) return 'high';
  if (MEDIUM.has(type)) return 'medium';
  return outcome === 'failure' ? 'low' : 'info';
}
