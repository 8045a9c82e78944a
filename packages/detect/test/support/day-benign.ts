// Benign KMS activity for one generated day: three services using their keys around the clock
// (AWS KMS via CloudTrail, Cloud KMS, Vault), an HSM numbering its audit records, an auditd host,
// admins rotating and creating keys in business hours under approved changes, an auditor reading
// the trail, sign-ins with the odd typo, and rare FIM changes to non-critical files.
import type { Draft } from './day-generator.ts';

export const KEYS = {
  payments: 'arn:aws:kms:eu-west-1:111122223333:key/pay-1',
  orders: 'projects/shop/locations/europe/keyRings/main/cryptoKeys/orders',
  reports: 'vault:transit/keys/reports',
};
export const HOUR = 3_600_000;
const MIN = 60_000;

const SERVICES = [
  { id: 'svc-payments', key: KEYS.payments, source: { kind: 'cloudtrail' }, every: 15_000 },
  { id: 'svc-orders', key: KEYS.orders, source: { kind: 'gcp-kms' }, every: 20_000 },
  { id: 'svc-reports', key: KEYS.reports, source: { kind: 'vault', host: 'kms-1' }, every: 12_000 },
];
const OPS = ['crypto.decrypt', 'crypto.encrypt', 'crypto.generate_data_key', 'crypto.decrypt'];
export const PEOPLE = {
  carol: { id: 'carol', roles: ['key_admin'], ip: '10.0.0.7' },
  dave: { id: 'dave', roles: ['key_admin'], ip: '10.0.0.8' },
  bob: { id: 'bob', roles: ['security_officer'], ip: '10.0.0.9' },
  erin: { id: 'erin', roles: ['audit_admin'], ip: '10.0.0.10' },
};
const ROTATES: Record<string, string[]> = {
  carol: [KEYS.payments, KEYS.reports],
  dave: [KEYS.orders],
};

export function benignDay(
  day0: number,
  dayNo: number,
  rnd: () => number,
  hsm: { seq: number; reboot: number },
): Draft[] {
  const out: Draft[] = [];
  const end = day0 + 24 * HOUR;
  for (const s of SERVICES)
    for (let t = day0 + rnd() * s.every; t < end; t += s.every * (0.5 + rnd())) {
      const fail = rnd() < 0.003;
      out.push({
        t,
        type: OPS[Math.floor(rnd() * OPS.length)]!,
        outcome: fail ? 'failure' : 'success',
        actor: { id: s.id, roles: ['service'] },
        target: { type: 'key', id: s.key },
        source: s.source,
        ...(fail ? { detail: { error_code: 'ThrottlingException' } } : {}),
      });
    }
  for (let t = day0 + rnd() * MIN; t < end; t += MIN * (0.8 + 0.4 * rnd())) {
    if (dayNo === 1 && t >= day0 + 5 * HOUR && hsm.reboot === 7) {
      hsm.reboot = 8;
      hsm.seq = 0;
    }
    out.push({
      t,
      type: 'crypto.sign',
      actor: { id: 'app_user', roles: ['crypto_user'] },
      target: { type: 'key', id: 'hsm-1:handle:262151' },
      source: { kind: 'cloudhsm', host: 'hsm-1', seq: hsm.seq++ },
      detail: { reboot_counter: hsm.reboot },
    });
  }
  for (let t = day0 + rnd() * 5 * MIN; t < end; t += 5 * MIN * (0.9 + 0.2 * rnd()))
    out.push({
      t,
      type: 'host.exec',
      actor: { id: '0', roles: ['root'] },
      target: { type: 'process', id: '/usr/sbin/logrotate' },
      source: { kind: 'auditd', host: 'kms-2' },
    });
  out.push(...people(day0, dayNo, rnd));
  return out;
}

function people(day0: number, dayNo: number, rnd: () => number): Draft[] {
  const out: Draft[] = [];
  const vault = { kind: 'vault', host: 'kms-1' };
  for (const p of Object.values(PEOPLE)) {
    const t = day0 + 7.5 * HOUR + rnd() * HOUR;
    if (rnd() < 0.5)
      out.push({ t: t - 30_000, type: 'auth.login', outcome: 'failure', actor: p, source: vault });
    out.push({ t, type: 'auth.login', actor: p, source: vault });
  }
  for (const [who, keys] of Object.entries(ROTATES))
    keys.forEach((key, i) =>
      out.push({
        t: day0 + (9 + i) * HOUR + rnd() * HOUR,
        type: 'key.rotate',
        actor: PEOPLE[who as 'carol'],
        target: { type: 'key', id: key },
        source:
          key === KEYS.reports
            ? vault
            : key === KEYS.orders
              ? { kind: 'gcp-kms' }
              : { kind: 'cloudtrail' },
      }),
    );
  (['carol', 'dave'] as const).forEach((who, i) => {
    const change = `CHG-${dayNo}${i}`;
    const t = day0 + (13 + 2 * i) * HOUR + rnd() * HOUR;
    out.push({
      t: t - 30 * MIN,
      type: 'change.approved',
      actor: PEOPLE.bob,
      source: { kind: 'native', host: 'change-mgmt' },
      detail: { change_id: change, requested_by: who },
    });
    out.push({
      t,
      type: 'key.create',
      actor: PEOPLE[who],
      target: { type: 'key', id: `${KEYS.reports}-${dayNo}${i}` },
      source: vault,
      detail: { change_id: change },
    });
  });
  for (let h = 8; h < 18; h += 2)
    out.push({
      t: day0 + h * HOUR + rnd() * HOUR,
      type: 'audit.read',
      actor: PEOPLE.erin,
      source: { kind: 'keywatch' },
    });
  out.push({
    t: day0 + 16 * HOUR,
    type: 'audit.config_change',
    actor: PEOPLE.erin,
    target: { type: 'audit_device', id: 'file' },
    source: vault,
  });
  out.push({
    t: day0 + 11 * HOUR + rnd() * HOUR,
    type: 'fim.modified',
    actor: { id: 'system' },
    target: { type: 'file', id: '/var/tmp/report.csv' },
    source: { kind: 'agent', host: 'kms-2', agent: 'a-7' },
  });
  return out;
}
