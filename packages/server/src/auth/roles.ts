// Who may do what. The audit administrator and auditors read everything and change nothing;
// ingest tokens (agents, applications) write events and read nothing.
import type { ApiRole } from '@keywatch/protocol';

export const READERS: readonly ApiRole[] = ['admin', 'security_officer', 'audit_admin', 'auditor'];
/**
 * Checkpoints, the verifier key and proofs: also machines that watch the log (witnesses, monitors).
 * They reveal hashes only, so a monitor's reads are not recorded one by one as a person's are.
 */
export const PROOF_READERS: readonly ApiRole[] = [...READERS, 'monitor'];
export const INGESTERS: readonly ApiRole[] = ['ingest', 'admin'];
export const ADMINS: readonly ApiRole[] = ['admin'];
/** Who may acknowledge, resolve or suppress an alert (a suppression always carries its reason). */
export const ALERT_HANDLERS: readonly ApiRole[] = ['admin', 'security_officer', 'audit_admin'];
/** Who may change detection rules: never the audit administrator (separation of duties). */
export const RULE_EDITORS: readonly ApiRole[] = ['admin', 'security_officer'];
/** Who may enroll, revoke and set policies of agents (DESIGN.md: the security officer). */
export const AGENT_ADMINS: readonly ApiRole[] = ['admin', 'security_officer'];
/** Who may add, change or remove notification channels: not the audit administrator. */
export const CHANNEL_EDITORS: readonly ApiRole[] = ['admin', 'security_officer'];
