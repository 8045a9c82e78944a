// Keeps the inventory in step with the log: key lifecycle events (key.create, key.import,
// key.rotate, key.enable, key.disable, key.destroy_scheduled, key.destroy, key.purge, key.update)
// with the key's id as target and its metadata in detail (algorithm, size, usage, fingerprint,
// kcv, activation, expiry, locations); and agents' key.observed events, compared with the
// inventory like a gate's. Runs after each commit, one batch at a time, in order.
import type { KeyObservation, StoredEvent } from '@keywatch/protocol';
import type { KeyInventoryRecord, LogStore } from '@keywatch/store';
import type { KeyCheckService } from './key-check-service.ts';
import { validateObservation } from './key-check-service.ts';

const STATE_AFTER: Record<string, string> = {
  'key.create': 'active',
  'key.import': 'active',
  'key.rotate': 'active',
  'key.enable': 'active',
  'key.recover': 'active',
  'key.disable': 'suspended',
  'key.destroy_scheduled': 'deactivated',
  'key.destroy_cancelled': 'suspended',
  'key.destroy': 'destroyed',
  'key.purge': 'destroyed',
};
const LIFECYCLE = new Set([...Object.keys(STATE_AFTER), 'key.update']);

const str = (v: unknown): string | null => (typeof v === 'string' && v !== '' ? v : null);

function applyEvent(
  prev: KeyInventoryRecord | undefined,
  e: StoredEvent,
): KeyInventoryRecord | undefined {
  const id = e.target?.id;
  const d = e.detail ?? {};
  if (!id || (!prev && !str(d['algorithm']))) return undefined; // nothing to create it from
  const state = str(d['state']) ?? STATE_AFTER[e.type] ?? prev?.state ?? 'active';
  const size = typeof d['size'] === 'number' ? d['size'] : (prev?.size ?? null);
  const locations = Array.isArray(d['locations'])
    ? d['locations'].map(String)
    : (prev?.locations ?? []);
  return {
    id,
    name: e.target?.name ?? prev?.name ?? null,
    algorithm: str(d['algorithm'])?.toLowerCase() ?? prev!.algorithm,
    size,
    usage: str(d['usage']) ?? prev?.usage ?? null,
    state,
    // A rotation starts a new cryptoperiod (SP 800-57 §5.3): the new version is active from now.
    activation:
      str(d['activation']) ??
      (e.type === 'key.rotate' ? e.time : null) ??
      prev?.activation ??
      (e.type === 'key.create' ? e.time : null),
    expiry: str(d['expiry']) ?? prev?.expiry ?? null,
    fingerprint: str(d['fingerprint'])?.toLowerCase() ?? prev?.fingerprint ?? null,
    kcv: str(d['kcv'])?.toUpperCase() ?? prev?.kcv ?? null,
    locations,
    shareable: d['shareable'] === true || (prev?.shareable ?? false),
    source: 'event',
    updatedMs: Date.parse(e.received ?? e.time) || Date.now(),
  };
}

export class KeyLifecycleFollower {
  private chain: Promise<void> = Promise.resolve();

  constructor(
    private readonly store: LogStore,
    private readonly checks: KeyCheckService,
    private readonly onError: (err: unknown) => void,
  ) {}

  observe(events: readonly StoredEvent[]): void {
    const mine = events.filter(
      (e) => e.outcome === 'success' && (LIFECYCLE.has(e.type) || e.type === 'key.observed'),
    );
    if (mine.length === 0) return;
    this.chain = this.chain.then(() => this.apply(mine)).catch(this.onError);
  }

  /** Resolves when every batch seen so far is applied (tests, shutdown). */
  idle(): Promise<void> {
    return this.chain;
  }

  /**
   * Applies one batch in order. Each key is read from the inventory once per batch and written
   * once, in one transaction, when the batch ends (or before a key.observed check, which must
   * see the inventory as of that event): the same end state as a read and a write per event.
   */
  private async apply(events: readonly StoredEvent[]): Promise<void> {
    const keys = this.store.keys();
    const known = new Map<string, KeyInventoryRecord | undefined>();
    const dirty = new Map<string, KeyInventoryRecord>();
    const write = async (): Promise<void> => {
      if (dirty.size === 0) return;
      const entries = [...dirty.values()];
      dirty.clear();
      await keys.upsertKeys(entries);
    };
    for (const e of events) {
      if (e.type === 'key.observed') {
        const d = (e.detail ?? {}) as { host?: unknown; reports?: unknown };
        const host = str(d.host) ?? e.source?.host ?? 'unknown';
        if (!Array.isArray(d.reports)) continue;
        let reports: KeyObservation[];
        try {
          reports = d.reports.map(validateObservation);
        } catch {
          continue; // a malformed report is kept in the log as sent; nothing to compare
        }
        await write();
        const agent = e.source?.agent;
        await this.checks.check(
          host,
          'agent',
          reports,
          { id: agent ?? e.actor.id ?? 'agent', type: 'agent' },
          agent,
        );
        continue;
      }
      const id = e.target?.id;
      if (!id) continue; // applyEvent creates nothing without a key id
      let prev: KeyInventoryRecord | undefined;
      if (known.has(id)) prev = known.get(id);
      else {
        prev = await keys.getKey(id);
        known.set(id, prev);
      }
      const next = applyEvent(prev, e);
      if (!next) continue;
      known.set(id, next);
      dirty.set(id, next);
    }
    await write();
  }
}
