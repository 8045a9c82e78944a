// Scenario: two generated days of KMS activity (~39,000 events: services around the clock, an
// HSM, an auditd host, admins under change control, an auditor) replayed through the whole pack
// with tick() every minute. Day 1 is history; day 2 carries ten attacks. Asserted: exactly the
// expected alerts by rule and dedupe key, no more. The first-seen learning periods are shortened
// to 16 h (default 14 d) because the history is one day long.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DetectionEngine, loadRules, RULE_PACK_DIR } from '@keywatch/detect';
import type { Detection } from '@keywatch/detect';
import { DAY2, generateDays } from './support/day-generator.ts';
import { KEYS } from './support/day-benign.ts';
import { ATTACKER_IP } from './support/day-attacks.ts';

const PAY = KEYS.payments;
const EXPECTED: Array<[string, string[]]> = [
  // A1-A3 02:50 dave's password guessed from outside; payments key opened to everyone, exported
  ['kw_new_origin_for_admin', ['dave', ATTACKER_IP]],
  ['kw_failed_logins_then_success', ['dave']],
  ['kw_admin_outside_admin_networks', ['cloudtrail', 'dave', PAY]],
  ['kw_key_open_to_everyone', ['cloudtrail', 'dave', PAY]],
  ['kw_key_policy_change', ['cloudtrail', 'dave', PAY]],
  ['kw_unapproved_admin_key_operation', ['dave', '', PAY]],
  ['kw_admin_off_hours', ['dave', '2026-03-03']],
  ['kw_new_identity_for_key', [PAY, 'dave']],
  ['kw_key_export', ['cloudtrail', 'dave', PAY]],
  // A4 11:30 the audit administrator decrypts with the payments key
  ['kw_audit_admin_uses_keys', ['cloudtrail', 'erin', PAY]],
  ['kw_new_identity_for_key', [PAY, 'erin']],
  // A10 12:00 FIM agent with a fast clock: Vault configuration changed
  ['kw_clock_skew', ['agent', 'kms-2', 'a-7']],
  ['kw_critical_file_changed', ['agent', 'system', '/etc/vault.d/vault.hcl']],
  // A5 14:00 bulk decryption by svc-reports
  ['kw_excessive_decrypts', ['svc-reports']],
  ['kw_decrypt_rate_anomaly', ['svc-reports']],
  // A6 16:45 three HSM audit records removed (the 05:00 reboot is not a gap)
  ['kw_sequence_gap', ['cloudhsm/hsm-1', '8']],
  // A7 19:30 auditd stopped by root on kms-2, which then goes silent
  ['kw_audit_config_by_non_auditor', ['auditd', '0', 'auditd']],
  ['kw_audit_trail_stopped', ['auditd', '0', 'auditd']],
  ['kw_admin_off_hours', ['0', '2026-03-03']],
  ['kw_source_silent', ['auditd/kms-2']],
  // A8 21:00 the Cloud KMS stream stops
  ['kw_source_silent', ['gcp-kms']],
  // A9 22:05 carol approves her own change and schedules the payments key for deletion
  ['kw_dual_control_self_approval', ['native', 'carol', '']],
  ['kw_unapproved_admin_key_operation', ['carol', 'CHG-900', PAY]],
  ['kw_admin_off_hours', ['carol', '2026-03-03']],
  ['kw_key_destroy_scheduled', ['cloudtrail', 'carol', PAY]],
  ['kw_key_pending_deletion_refused', ['cloudtrail', 'svc-payments', PAY]],
  ['kw_key_pending_deletion_use', [PAY, 'svc-payments']],
  ['kw_failure_burst', ['svc-payments']],
];

test('a generated two-day replay raises exactly the expected alerts', () => {
  const events = generateDays();
  assert.ok(events.length > 30_000);
  const engine = new DetectionEngine(loadRules(RULE_PACK_DIR), {
    detectorSettings: {
      kw_new_identity_for_key: { learning: '16h' },
      kw_new_origin_for_admin: { learning: '16h' },
    },
  });
  const all: Detection[] = [];
  let nextTick = Date.parse(events[0]!.received) + 60_000;
  for (const e of events) {
    const r = Date.parse(e.received);
    for (; r >= nextTick; nextTick += 60_000) all.push(...engine.tick(nextTick));
    all.push(...engine.process(e));
  }
  all.push(...engine.tick(DAY2 + 86_400_000));
  const alerts = new Map<string, Detection>();
  for (const d of all)
    alerts.set(
      `${d.ruleName ?? d.ruleId} ${JSON.stringify((JSON.parse(d.dedupeKey) as string[]).slice(1))}`,
      d,
    );
  const want = EXPECTED.map(([r, g]) => `${r} ${JSON.stringify(g)}`);
  assert.deepEqual([...alerts.keys()].sort(), want.sort());
  for (const d of alerts.values())
    assert.ok(Date.parse(d.time) >= DAY2, `${d.ruleName} fired on day 1`);
  assert.equal(engine.stats().evicted, 0);
});
