// Compares what a gate or an agent found deployed with the inventory, checks each RSA modulus
// against every modulus observed so far (the whole estate, not one host: ModulusEstate, the leaf
// step of a batch GCD over one running product), keeps the latest observation per
// (host, label), and records a key.check event per key and a critical key.deployment_mismatch
// where an inventoried place holds another key.
import {
  ModulusEstate,
  checkCryptoperiod,
  type KeyUsage,
  matchInventory,
  type KeyObservation,
  type KeyObservationFinding,
  type NativeEvent,
} from '@keywatch/protocol';
import type { LogStore } from '@keywatch/store';
import { ApiError } from '../api-error.ts';
import type { Sequencer } from '../sequencer/sequencer.ts';
import { keyCheckEvent, mismatchEvent, type KeyEventActor } from './key-events.ts';
import { toEntry } from './inventory-records.ts';
import { newEventId } from '../sequencer/event-id.ts';

export interface CheckResult {
  label: string;
  findings: KeyObservationFinding[];
}

const VERDICTS = new Set(['pass', 'warn', 'fail']);

export function validateObservation(raw: unknown, i: number): KeyObservation {
  const o = raw as Partial<KeyObservation> | null;
  if (
    !o ||
    typeof o.label !== 'string' ||
    typeof o.algorithm !== 'string' ||
    typeof o.bits !== 'number' ||
    !VERDICTS.has(String(o.verdict)) ||
    !Array.isArray(o.findings) ||
    (o.modulus !== undefined &&
      (typeof o.modulus !== 'string' || !/^[0-9a-f]{1,4096}$/.test(o.modulus)))
  )
    throw new ApiError(
      'BAD_REQUEST',
      `reports[${i}] is not a key report (label, algorithm, bits, verdict, findings)`,
    );
  return o as KeyObservation;
}

export class KeyCheckService {
  constructor(
    private readonly store: LogStore,
    private readonly sequencer: Sequencer,
  ) {}

  private estate: Promise<ModulusEstate> | undefined;

  /** Every modulus observed so far, loaded once from the store, then kept up to date here. */
  private loadEstate(): Promise<ModulusEstate> {
    return (this.estate ??= (async () => {
      const e = new ModulusEstate();
      const all = await this.store.keys().listObservations();
      e.add(all.flatMap((o) => (o.modulus !== null ? [BigInt(`0x${o.modulus}`)] : [])));
      return e;
    })());
  }

  private async sharedPrimes(reports: readonly KeyObservation[]): Promise<Set<string>> {
    const mine = [...new Set(reports.flatMap((r) => (r.modulus ? [r.modulus] : [])))];
    if (mine.length === 0) return new Set();
    const estate = await this.loadEstate();
    estate.add(mine.map((m) => BigInt(`0x${m}`)));
    return new Set(mine.filter((m) => estate.sharedFactor(BigInt(`0x${m}`)) !== 1n));
  }

  async check(
    host: string,
    origin: string,
    reports: readonly KeyObservation[],
    actor: KeyEventActor,
    agentId?: string,
  ): Promise<CheckResult[]> {
    const inventory = (await this.store.keys().listKeys()).map(toEntry);
    const shared = await this.sharedPrimes(reports);
    const events: NativeEvent[] = [];
    const now = Date.now();
    const results = reports.map((r) => {
      const findings: KeyObservationFinding[] = [];
      const m = matchInventory(r, inventory, host);
      findings.push(m.finding);
      const e = m.entry;
      if (e && !m.mismatch && (e.activation !== undefined || e.expiry !== undefined)) {
        const lifecycle = {
          ...(e.usage !== undefined && { usage: e.usage as KeyUsage }),
          ...(e.activation !== undefined && { activation: e.activation }),
          ...(e.expiry !== undefined && { expiry: e.expiry }),
        };
        findings.push(checkCryptoperiod(lifecycle, new Date(now)));
      }
      if (r.modulus && shared.has(r.modulus))
        findings.push({
          check: 'shared_prime',
          status: 'fail',
          reason: 'modulus shares a prime with another deployed key',
        });
      const all = [...r.findings, ...findings];
      const verdict = all.some((f) => f.status === 'fail')
        ? 'fail'
        : all.some((f) => f.status === 'warn')
          ? 'warn'
          : 'pass';
      const merged: KeyObservation = { ...r, findings: all, verdict };
      events.push(keyCheckEvent(merged, host, origin, actor, agentId));
      if (m.mismatch && m.entry)
        events.push(mismatchEvent(r, host, m.entry, m.finding.reason, actor, agentId));
      return { label: r.label, findings, merged };
    });
    await this.store.keys().recordObservations(
      results.map(({ merged }) => ({
        host,
        label: merged.label,
        origin,
        agentId: agentId ?? null,
        fingerprint: merged.fingerprint ?? null,
        kcv: merged.kcv?.cmac ?? merged.kcv?.legacy ?? null,
        modulus: merged.modulus ?? null,
        verdict: merged.verdict,
        report: JSON.stringify({ ...merged, modulus: undefined }),
        observedMs: now,
      })),
    );
    if (events.length > 0)
      await this.sequencer.appendOwn(events.map((e) => ({ ...e, id: newEventId() })));
    return results.map(({ label, findings }) => ({ label, findings }));
  }
}
