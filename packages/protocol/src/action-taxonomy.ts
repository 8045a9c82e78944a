// The normalized action taxonomy shared by every source adapter and every rule: one rule written
// against `key.destroy_scheduled` covers Vault, AWS KMS, Cloud KMS, Key Vault and CloudHSM alike.
// Types may be added over time, never renamed (DESIGN.md, "The native event"). An operation with
// no entry here is normalized to `other.unmapped` with the vendor operation verbatim in detail.operation.

export const ACTION_TYPES = {
  // Key lifecycle
  'key.create': 'a key (or key pair, or key version) was generated or created',
  'key.import': 'key material was imported or registered from outside',
  'key.export': 'key material left the KMS (export, get with material)',
  'key.backup': 'a key was backed up (an encrypted blob left the KMS)',
  'key.restore': 'a key was restored from a backup',
  'key.wrap': 'a key was wrapped (encrypted under another key) for transport',
  'key.unwrap': 'a wrapped key was unwrapped into the KMS',
  'key.rotate': 'a key was rotated (new version, re-key)',
  'key.rotation_enable': 'automatic rotation was enabled',
  'key.rotation_disable': 'automatic rotation was disabled',
  'key.enable': 'a key or key version was enabled or activated',
  'key.disable': 'a key or key version was disabled or deactivated',
  'key.destroy_scheduled': 'destruction of a key or key version was scheduled',
  'key.destroy_cancelled': 'a scheduled destruction was cancelled',
  'key.destroy': 'a key or key version was destroyed or deleted',
  'key.purge': 'a deleted key was purged beyond recovery',
  'key.recover': 'a soft-deleted key was recovered',
  'key.material_delete': 'imported key material was removed',
  'key.material_exposed': 'key material appeared in a record (keywatch redacted it): a leak',
  'key.policy_change': 'the key policy, ACL or key configuration was changed',
  'key.grant': 'a grant or permission on a key was given',
  'key.grant_revoke': 'a grant or permission on a key was revoked or retired',
  'key.alias_change': 'an alias or name of a key was created, changed or deleted',
  'key.update': 'key metadata (description, tags, attributes) was changed',
  'key.read': 'key metadata was read or listed (describe, get public key, list)',
  // Cryptographic use
  'crypto.encrypt': 'data was encrypted under a key',
  'crypto.decrypt': 'data was decrypted under a key',
  'crypto.reencrypt': 'data was re-encrypted from one key to another',
  'crypto.sign': 'data was signed',
  'crypto.verify': 'a signature was verified',
  'crypto.mac': 'a MAC was generated or verified',
  'crypto.generate_data_key': 'a data key was generated under a key',
  'crypto.random': 'random bytes were generated',
  'crypto.hash': 'data was hashed by the KMS',
  'crypto.derive': 'a key was derived or agreed',
  // Secrets and certificates
  'secret.read': 'a stored secret was read',
  'secret.write': 'a stored secret was created or changed',
  'secret.delete': 'a stored secret was deleted',
  'cert.issue': 'a certificate was issued or signed',
  'cert.revoke': 'a certificate was revoked',
  'cert.update': 'a certificate, role or CA configuration was changed',
  // Added by the sources adapters (Azure Key Vault soft delete and certificate objects).
  'secret.backup': 'a stored secret was backed up (an encrypted blob left the vault)',
  'secret.restore': 'a stored secret was restored from a backup',
  'secret.recover': 'a soft-deleted secret was recovered',
  'secret.purge': 'a deleted secret was purged beyond recovery',
  'cert.read': 'a certificate or its metadata was read',
  'cert.delete': 'a certificate was deleted (soft delete where the vendor has one)',
  // Identity and access
  'auth.login': 'a sign-in (outcome tells success or failure)',
  'auth.logout': 'a sign-out',
  'auth.token_create': 'a credential, token or session was issued',
  'auth.token_revoke': 'a credential, token or session was revoked',
  'auth.lockout': 'an account was locked after repeated failed sign-ins',
  'auth.privilege_use': 'a privileged identity was assumed (sudo, su, break-glass, assume role)',
  'user.create': 'an identity was created',
  'user.delete': 'an identity was deleted',
  'user.change': 'an identity was changed (password, attributes, enabled state)',
  'role.assign': 'a role, policy or group was given to an identity',
  'role.revoke': 'a role, policy or group was taken from an identity',
  'policy.change': 'an access policy (not a key policy) was created, changed or deleted',
  // Audit trail
  'audit.config_change': 'audit logging configuration was changed',
  'audit.disabled': 'an audit trail was stopped, deleted or disabled',
  'audit.enabled': 'an audit trail was started or enabled',
  'audit.read': 'audit records were read',
  'audit.cleared': 'audit records were cleared or deleted',
  // Systems (KMS, HSM, hosts)
  'system.config_change': 'KMS, HSM or host configuration was changed',
  'system.seal': 'the KMS was sealed or locked',
  'system.unseal': 'the KMS was unsealed or unlocked',
  'system.start': 'a KMS, HSM or daemon started (or rebooted)',
  'system.stop': 'a KMS, HSM or daemon stopped',
  'system.self_test': 'an HSM or module self-test ran (outcome tells pass or fail)',
  'system.tamper': 'an HSM reported a tamper state',
  'system.firmware': 'firmware or software was installed or updated',
  'host.exec': 'a command was executed on a monitored host',
  'file.access': 'a watched file was read or written (auditd watch)',
  // File integrity (agent)
  'fim.added': 'a watched file appeared',
  'fim.removed': 'a watched file disappeared',
  'fim.modified': 'a watched file changed content',
  'fim.attributes': 'a watched file changed attributes (mode, owner, ACL, xattrs)',
  'fim.type_changed': 'a watched path changed type (file, directory, link)',
  // Added by the FIM agent module (fim.attributes stays for producers that already send it).
  'fim.attributes_changed':
    'a watched path changed attributes only (mode, owner, ACL, xattrs, times)',
  'fim.pervasive_change': 'many watched files changed in one scan (critical; detail.count, sample)',
  'fim.coverage_gap': 'FIM cannot see something: watch limit, queue overflow, unreadable, size cap',
  'fim.baseline_created': 'an agent recorded a new FIM baseline (detail.entries, detail.sha256)',
  'fim.restored': 'a file was restored from its known-good copy and verified',
  'fim.restore_failed': 'a file restore failed or did not verify',
  // Recorded by the server (server-side FIM: baselines, re-baseline, restore requests).
  'fim.baseline_stored': "the server stored an agent's first FIM baseline (detail.version, sha256)",
  'fim.rebaseline_requested': 'a security officer asked an agent to re-baseline (detail.command)',
  'fim.rebaselined': "an approved re-baseline replaced an agent's FIM baseline (detail.version)",
  'fim.restore_requested': 'a security officer asked an agent to restore a file (detail.command)',
  'fim.baseline_adopted': "an agent with no local FIM state adopted the server's baseline",
  // Configuration and software assessment (docs/sca.md)
  'sca.check_passed': 'an SCA policy check passed on a host (detail: policy, check, compliance)',
  'sca.check_failed': 'an SCA policy check failed on a host (detail: policy, check, reasons)',
  'sca.check_result':
    'an SCA check ended error, unknown, notapplicable, notchecked or informational (detail.result)',
  'sca.scan_completed': 'an SCA policy scan finished (detail: policy, counts per result, score)',
  'software.inventory': "an agent's installed packages and versions (detail.packages, sha256)",
  'software.baseline_approved':
    'a security officer approved the software baseline of a host group (detail: group, packages)',
  'software.drift': 'a host differs from its group’s approved software baseline (detail.changes)',
  'software.vulnerable':
    'an installed package version is known-vulnerable per the offline OVAL feed (detail.definition)',
  // Agents and remote probes (docs/agents.md)
  'agent.enrolled': 'an agent enrolled with a single-use token and registered its public key',
  'agent.revoked': 'a security officer revoked an agent: its requests are refused from then on',
  'agent.policy_changed': 'the policy of an agent or an agent group was set',
  'agent.silent': 'an agent sent no heartbeat for the configured time',
  'agent.recovered': 'a silent agent was heard from again',
  'agent.sequence_gap': "an agent's sequence numbers jumped: events between are missing",
  'agent.spool_full': "an agent's spool reached its size bound and refuses new events",
  'agent.spool_resumed': "an agent's spool has room again; detail.refused counts what was refused",
  'agent.selftest': "a synthetic event from the agent's selftest module (pipeline check)",
  'probe.http': 'a remote HTTP(S) health probe of a KMS endpoint (status, latency)',
  'probe.tcp': 'a remote TCP reachability probe (e.g. KMIP on 5696)',
  'probe.tls': 'a remote TLS check: chain, days to expiry, key size and algorithm, host name',
  // Keys in production and performance (docs/keys.md)
  'key.observed':
    "an agent's key probe: fingerprints and verdicts of the keys it found (detail.host, reports)",
  'key.check':
    'a deployed key was checked by the gate or an agent (detail.verdict, fingerprint, findings)',
  'key.deployment_mismatch':
    'a key at an inventoried place is not the expected one: corrupted or substituted (critical)',
  'key.inventory_change': 'the key inventory was written by import or the API (detail.ids)',
  'perf.sample': "an agent's performance sample (detail.host, detail.metrics: name → value)",
  'perf.cpu_saturated': 'CPU stayed at or above the saturation limit for 5 minutes',
  'perf.latency_high': 'a probed KMS latency stayed above its limit for 5 minutes',
  'perf.capacity_drop': 'crypto ops/s fell below half its baseline (same hour last week)',
  // Every type is dotted (the native event's type pattern), so the catch-all is other.unmapped.
  'other.unmapped': 'a vendor operation with no taxonomy entry; detail.operation holds it verbatim',
  'syslog.message': 'a syslog message no source adapter recognized (kept whole, see detail)',
  // Control evidence that detection relies on (docs/rules.md)
  'change.approved':
    'a change (detail.change_id) was approved by the actor; dual control needs a different person than the requester',
  'log.verified': 'a verification of the whole audit log succeeded (detail names the size)',
  'log.verify_failed':
    'a verification of the audit log failed (detail names the index and the check)',
} as const;

export type ActionType = keyof typeof ACTION_TYPES;

/** The small shared set of initiator roles every adapter maps vendor roles onto. */
export const KMS_ROLES = [
  'key_admin',
  'crypto_officer',
  'crypto_user',
  'audit_admin',
  'security_officer',
  'service',
  'root',
] as const;

export type KmsRole = (typeof KMS_ROLES)[number];

export function isActionType(type: string): type is ActionType {
  return Object.hasOwn(ACTION_TYPES, type);
}
