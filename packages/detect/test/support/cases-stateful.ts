// Rule-pack cases for correlations and detectors: sequences of events, and the clock.
import type { StoredEvent } from '@keywatch/protocol';
import type { Case } from './rule-pack-cases.ts';
import { admin, DAY, ev, HOUR, MIN } from './events.ts';

const key = { type: 'key', id: 'vault:transit/keys/payments' };
const repeat = (n: number, f: (i: number) => StoredEvent) =>
  Array.from({ length: n }, (_, i) => f(i));
const seq =
  (seqs: number[], epoch = 7) =>
  () =>
    seqs.map((s, i) =>
      ev({
        type: 'system.start',
        at: i * 1000,
        source: { kind: 'cloudhsm', host: 'hsm-1', seq: s },
        detail: { reboot_counter: s === 0 ? epoch + 1 : epoch },
      }),
    );
const fails = (n: number, then: boolean) => () => [
  ...repeat(n, (i) =>
    ev({ type: 'auth.login', outcome: 'failure', actor: { id: 'mallory' }, at: i * 10_000 }),
  ),
  ...(then ? [ev({ type: 'auth.login', actor: { id: 'mallory' }, at: n * 10_000 + 5000 })] : []),
];
const hourly = (last: number) => () => [
  ...repeat(30 * 10, (i) =>
    ev({
      type: 'crypto.decrypt',
      actor: { id: 'svc-a' },
      at: Math.floor(i / 10) * HOUR + (i % 10) * MIN,
    }),
  ),
  ...repeat(last, (i) =>
    ev({ type: 'crypto.decrypt', actor: { id: 'svc-a' }, at: 30 * HOUR + i * 1000 }),
  ),
];

export const STATEFUL_CASES: Record<string, { positive: Case; negative: Case }> = {
  kw_key_pending_deletion_use: {
    positive: {
      events: () => [
        ev({ type: 'key.destroy_scheduled', actor: admin(), target: key }),
        ev({ type: 'crypto.decrypt', target: key, at: DAY }),
      ],
    },
    negative: {
      events: () => [
        ev({ type: 'key.destroy_scheduled', actor: admin(), target: key }),
        ev({ type: 'key.destroy_cancelled', actor: admin(), target: key, at: HOUR }),
        ev({ type: 'crypto.decrypt', target: key, at: DAY }),
      ],
    },
  },
  kw_unapproved_admin_key_operation: {
    positive: {
      events: () => [ev({ type: 'key.destroy_scheduled', actor: admin(), target: key })],
    },
    negative: {
      events: () => [
        ev({
          type: 'change.approved',
          actor: { id: 'bob', roles: ['security_officer'] },
          detail: { change_id: 'CHG-7', requested_by: 'carol' },
        }),
        ev({
          type: 'key.destroy_scheduled',
          actor: admin(),
          target: key,
          detail: { change_id: 'CHG-7' },
          at: HOUR,
        }),
      ],
    },
  },
  kw_sequence_gap: {
    positive: { events: seq([1, 2, 5, 6]), tick: 5 * MIN },
    negative: { events: seq([1, 2, 4, 3, 5, 0, 1]), tick: 5 * MIN },
  },
  kw_source_silent: {
    positive: {
      events: () => repeat(12, (i) => ev({ type: 'crypto.encrypt', at: i * MIN })),
      tick: 40 * MIN,
    },
    negative: {
      events: () => repeat(12, (i) => ev({ type: 'crypto.encrypt', at: i * MIN })),
      tick: 20 * MIN,
    },
  },
  kw_clock_skew: {
    positive: { events: () => [ev({ type: 'crypto.encrypt', at: 10 * MIN, delay: -10 * MIN })] },
    negative: {
      events: () => [
        ev({ type: 'crypto.encrypt', at: MIN, delay: -30_000 }),
        ev({ type: 'crypto.encrypt', delay: 30 * MIN }),
      ],
    },
  },
  kw_failure_burst: {
    positive: {
      events: () =>
        repeat(20, (i) =>
          ev({
            type: 'crypto.decrypt',
            outcome: 'failure',
            actor: { id: 'mallory' },
            at: i * 10_000,
          }),
        ),
    },
    negative: {
      events: () =>
        repeat(20, (i) =>
          ev({
            type: 'crypto.decrypt',
            outcome: 'failure',
            actor: { id: i % 2 ? 'mallory' : 'eve' },
            at: i * 10_000,
          }),
        ),
    },
  },
  kw_failed_logins_then_success: {
    positive: { events: fails(5, true) },
    negative: { events: fails(4, true) },
  },
  kw_excessive_decrypts: {
    positive: {
      events: () =>
        repeat(1000, (i) => ev({ type: 'crypto.decrypt', actor: { id: 'svc-b' }, at: i * 500 })),
    },
    negative: {
      events: () =>
        repeat(1000, (i) => ev({ type: 'crypto.decrypt', actor: { id: 'svc-b' }, at: i * 700 })),
    },
  },
  kw_decrypt_rate_anomaly: { positive: { events: hourly(250) }, negative: { events: hourly(150) } },
  kw_new_identity_for_key: {
    positive: {
      events: () => [
        ev({ type: 'crypto.decrypt', target: key }),
        ev({ type: 'crypto.decrypt', actor: { id: 'mallory' }, target: key, at: 15 * DAY }),
      ],
    },
    negative: {
      events: () => [
        ev({ type: 'crypto.decrypt', target: key }),
        ev({ type: 'crypto.decrypt', actor: { id: 'mallory' }, target: key, at: DAY }),
        ev({ type: 'crypto.decrypt', actor: { id: 'mallory' }, target: key, at: 15 * DAY }),
      ],
    },
  },
  kw_new_origin_for_admin: {
    positive: {
      events: () => [
        ev({ type: 'key.read', actor: admin('carol', '10.0.0.7') }),
        ev({ type: 'key.read', actor: admin('carol', '10.9.9.9'), at: 15 * DAY }),
      ],
    },
    negative: {
      events: () => [
        ev({ type: 'key.read', actor: admin('carol', '10.0.0.7') }),
        ev({ type: 'key.read', actor: admin('carol', '10.0.0.7'), at: 15 * DAY }),
      ],
    },
  },
  kw_admin_off_hours: {
    positive: {
      events: () => [ev({ type: 'key.rotate', actor: admin(), at: 4 * DAY + 17 * HOUR })],
    },
    negative: { events: () => [ev({ type: 'key.rotate', actor: admin(), at: HOUR })] },
  },
};
