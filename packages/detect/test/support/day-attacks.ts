// The attacks woven into day 2 of the generated scenario, in time order (docs/rules.md lists the
// rules they exercise). Each entry is what the sources would report.
import type { Draft } from './day-generator.ts';
import { HOUR, KEYS, PEOPLE } from './day-benign.ts';

const MIN = 60_000;
export const ATTACKER_IP = '198.51.100.23';
const openPolicy = JSON.stringify({
  eventSource: 'kms.amazonaws.com',
  eventName: 'PutKeyPolicy',
  requestParameters: {
    keyId: KEYS.payments,
    policyName: 'default',
    policy:
      '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"*"},"Action":"kms:*","Resource":"*"}]}',
  },
});

export function attacks(day0: number): Draft[] {
  const dave = { ...PEOPLE.dave, ip: ATTACKER_IP };
  const ct = { kind: 'cloudtrail' };
  const pay = { type: 'key', id: KEYS.payments };
  const at = (h: number, m = 0) => day0 + h * HOUR + m * MIN;
  const out: Draft[] = [];
  // A1-A3 02:50: dave's password guessed from outside, then the payments key opened and exported.
  for (let i = 0; i < 6; i++)
    out.push({
      t: at(2, 50) + i * 20_000,
      type: 'auth.login',
      outcome: 'failure',
      actor: dave,
      source: { kind: 'vault', host: 'kms-1' },
    });
  out.push({
    t: at(2, 53),
    type: 'auth.login',
    actor: dave,
    source: { kind: 'vault', host: 'kms-1' },
  });
  out.push({
    t: at(3, 5),
    type: 'key.policy_change',
    actor: dave,
    target: pay,
    source: ct,
    raw: openPolicy,
  });
  out.push({ t: at(3, 7), type: 'key.export', actor: dave, target: pay, source: ct });
  // A4 11:30: the audit administrator decrypts with an operational key.
  out.push({ t: at(11, 30), type: 'crypto.decrypt', actor: PEOPLE.erin, target: pay, source: ct });
  // A5 14:00: svc-reports harvests: 1,500 decrypts in 7.5 minutes.
  for (let i = 0; i < 1500; i++)
    out.push({
      t: at(14) + i * 300,
      type: 'crypto.decrypt',
      actor: { id: 'svc-reports', roles: ['service'] },
      target: { type: 'key', id: KEYS.reports },
      source: { kind: 'vault', host: 'kms-1' },
    });
  // A10 12:00: a FIM agent with a fast clock reports the Vault configuration changed.
  out.push({
    t: at(12),
    skew: 10 * MIN,
    type: 'fim.modified',
    actor: { id: 'system' },
    target: { type: 'file', id: '/etc/vault.d/vault.hcl' },
    source: { kind: 'agent', host: 'kms-2', agent: 'a-7' },
  });
  // A7 19:30: auditd stopped on kms-2 (and the host goes quiet).
  out.push({
    t: at(19, 30),
    type: 'audit.disabled',
    actor: { id: '0', roles: ['root'] },
    target: { type: 'audit_daemon', id: 'auditd' },
    source: { kind: 'auditd', host: 'kms-2' },
  });
  // A9 22:10: carol approves her own change and schedules the payments key for deletion.
  out.push({
    t: at(22, 5),
    type: 'change.approved',
    actor: PEOPLE.carol,
    source: { kind: 'native', host: 'change-mgmt' },
    detail: { change_id: 'CHG-900', requested_by: 'carol' },
  });
  out.push({
    t: at(22, 10),
    type: 'key.destroy_scheduled',
    actor: PEOPLE.carol,
    target: pay,
    source: ct,
    detail: { change_id: 'CHG-900', pending_window_days: 7 },
  });
  return out;
}

/** Events of the benign generator that the attacks change: A6 (HSM records removed), A7 (auditd
 *  host silent after 19:30), A8 (Cloud KMS stream silent after 21:00), A9 (payments key refused). */
export function tamper(d: Draft, day0: number): Draft | undefined {
  const rel = d.t - day0;
  if (d.source.kind === 'auditd' && rel > 19.5 * HOUR) return undefined;
  if (d.source.kind === 'gcp-kms' && rel > 21 * HOUR) return undefined;
  if (d.source.kind === 'cloudhsm' && rel > 16.75 * HOUR && rel < 16.75 * HOUR + 3 * MIN)
    return undefined;
  if (d.target?.id === KEYS.payments && d.actor.id === 'svc-payments' && rel > 22 * HOUR + 10 * MIN)
    return {
      ...d,
      type: 'crypto.decrypt',
      outcome: 'failure',
      detail: {
        error_code: 'KMSInvalidStateException',
        error_message: `${KEYS.payments} is pending deletion.`,
      },
    };
  return d;
}
