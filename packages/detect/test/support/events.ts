// Event builders for tests: a StoredEvent with sensible defaults (a crypto user on a Vault host,
// Monday 2026-03-02 10:00 UTC), increasing log indexes, and times given as offsets.
import type { StoredEvent } from '@keywatch/protocol';

export const T0 = Date.parse('2026-03-02T10:00:00.000Z');
export const MIN = 60_000;
export const HOUR = 3_600_000;
export const DAY = 86_400_000;

let next = 1;

export type EventSpec = Partial<Omit<StoredEvent, 'actor' | 'time' | 'received'>> & {
  type: string;
  actor?: StoredEvent['actor'];
  /** ms after T0 (default 0) */
  at?: number;
  /** receipt delay in ms (default 0) */
  delay?: number;
};

export function ev(spec: EventSpec): StoredEvent {
  const { at = 0, delay = 0, ...rest } = spec;
  const index = next++;
  return {
    id: `e-${index}`,
    outcome: 'success',
    actor: { id: 'alice', roles: ['crypto_user'] },
    source: { kind: 'vault', host: 'kms-1' },
    ...rest,
    index,
    time: new Date(T0 + at).toISOString(),
    received: new Date(T0 + at + delay).toISOString(),
  };
}

export const admin = (id = 'carol', ip = '10.0.0.7'): StoredEvent['actor'] => ({
  id,
  roles: ['key_admin'],
  ip,
});
