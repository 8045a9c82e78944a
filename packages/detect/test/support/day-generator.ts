// A realistic, deterministic two-day replay: day 1 is benign history (baselines and first-seen
// sets learn from it), day 2 repeats the benign activity with the attacks of day-attacks.ts woven
// in. Events are ordered by receipt and numbered like log indexes.
import type { StoredEvent } from '@keywatch/protocol';
import { seeded } from './seeded-random.ts';
import { benignDay } from './day-benign.ts';
import { attacks, tamper } from './day-attacks.ts';

export interface Draft {
  t: number;
  /** event time minus receipt time (a fast source clock), ms */
  skew?: number;
  type: string;
  outcome?: 'success' | 'failure';
  actor: StoredEvent['actor'];
  target?: StoredEvent['target'];
  source: NonNullable<StoredEvent['source']>;
  detail?: Record<string, unknown>;
  raw?: string;
}

export const DAY1 = Date.parse('2026-03-02T00:00:00.000Z');
export const DAY2 = DAY1 + 86_400_000;

export function generateDays(seed = 20260302): StoredEvent[] {
  const rnd = seeded(seed);
  const hsm = { seq: 1, reboot: 7 };
  const drafts = [
    ...benignDay(DAY1, 0, rnd, hsm),
    ...benignDay(DAY2, 1, rnd, hsm).flatMap((d) => tamper(d, DAY2) ?? []),
    ...attacks(DAY2),
  ];
  const received = drafts.map((d) => ({ d, r: Math.round(d.t + 200 + rnd() * 1800) }));
  received.sort((a, b) => a.r - b.r);
  return received.map(({ d, r }, i) => {
    const e: StoredEvent = {
      id: `scn-${i + 1}`,
      index: i + 1,
      time: new Date(Math.round(d.t) + (d.skew ?? 0)).toISOString(),
      received: new Date(r).toISOString(),
      type: d.type,
      outcome: d.outcome ?? 'success',
      actor: d.actor,
      source: d.source,
    };
    if (d.target) e.target = d.target;
    if (d.detail) e.detail = d.detail;
    if (d.raw) e.raw = d.raw;
    return e;
  });
}
