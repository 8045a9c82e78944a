// What each role may do, mirrored from the server's auth/roles.ts so that nobody sees a control
// they cannot use. The server checks again on every request: hiding is for clarity, not security.
import type { Role } from './api-types.ts';

const ROLE_NAMES: Record<Role, string> = {
  admin: 'Administrator',
  security_officer: 'Security officer',
  audit_admin: 'Audit administrator',
  auditor: 'Auditor',
};

export const ROLES = Object.keys(ROLE_NAMES) as Role[];
export const roleName = (r: Role): string => ROLE_NAMES[r] ?? r;

export const can = {
  handleAlerts: (r: Role) => r === 'admin' || r === 'security_officer' || r === 'audit_admin',
  editRules: (r: Role) => r === 'admin' || r === 'security_officer',
  manageUsers: (r: Role) => r === 'admin',
  /** KEY_EDITORS (key-routes.ts): the inventory is written by security officers and admins. */
  editKeys: (r: Role) => r === 'admin' || r === 'security_officer',
  /** AGENT_ADMINS: enrol and revoke agents, FIM re-baseline and restore requests. */
  manageAgents: (r: Role) => r === 'admin' || r === 'security_officer',
};
