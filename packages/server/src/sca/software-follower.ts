// Software assessment without anyone asking: after each commit, every software.inventory event in
// it (from an agent's sca module, or an agentless run) is compared with its host group's approved
// baseline and with the offline vulnerability feed, and the findings are logged; an approved
// baseline re-assesses the latest inventory of each host of its group. Built from the
// ServerContext on first use, like keys-service.ts, so the shared wiring needs no new field.
import type { StoredEvent } from '@keywatch/protocol';
import type { LeafRow } from '@keywatch/store';
import type { ServerContext } from '../server-context.ts';
import { ScaService } from './sca-service.ts';

export interface SoftwareFollower {
  /** Resolves when every commit seen so far is assessed. */
  idle(): Promise<void>;
  stop(): void;
}

const TYPES = ['software.inventory', 'software.baseline_approved'];
const PAGE = 500;
const followers = new WeakMap<ServerContext, SoftwareFollower>();

/** The follower the routes started for this server, if any (tests wait on it). */
export function runningSoftwareFollower(ctx: ServerContext): SoftwareFollower | undefined {
  return followers.get(ctx);
}

export function softwareFollower(
  ctx: ServerContext,
  sca: ScaService = new ScaService(ctx),
): SoftwareFollower {
  const existing = followers.get(ctx);
  if (existing) return existing;
  const warn = (err: unknown): void =>
    process.emitWarning(`keywatch sca: ${(err as Error).message}`);
  let chain: Promise<void> = Promise.resolve();

  const read = async (start: number, end: number): Promise<StoredEvent[]> => {
    const rows: LeafRow[] = [];
    for (let before = end; ;) {
      const page = await ctx.store.queryEvents({ types: TYPES, beforeIndex: before }, PAGE);
      const inRange = page.filter((r) => r.index >= start);
      rows.push(...inRange);
      if (inRange.length < PAGE) break;
      before = inRange[inRange.length - 1]!.index;
    }
    return rows
      .sort((a, b) => a.index - b.index)
      .map((r) => JSON.parse(Buffer.from(r.leaf).toString('utf8')) as StoredEvent);
  };

  const apply = async (events: StoredEvent[]): Promise<void> => {
    if (events.length === 0) return;
    // A malformed feed must not stop drift detection: the baselines are still compared.
    const basis = await sca.basis().catch(async (err: unknown) => {
      warn(err);
      return sca.basis({ withoutFeed: true });
    });
    if (basis.feed) await sca.recordStaleFeed(basis.feed);
    for (const e of events) {
      if (e.type === 'software.inventory') {
        await sca.assessInventory(e, basis);
      } else if (e.outcome === 'success' && typeof e.target?.id === 'string') {
        await sca.assess(undefined, e.target.id);
      }
    }
  };

  const unsubscribe = ctx.live.subscribe((batch) => {
    if (!TYPES.some((t) => batch.types.has(t))) return;
    const start = batch.size - batch.count;
    chain = chain.then(async () => apply(await read(start, batch.size))).catch(warn);
  });
  const f: SoftwareFollower = {
    idle: async () => {
      await ctx.sequencer.drain();
      await chain;
    },
    stop: unsubscribe,
  };
  followers.set(ctx, f);
  return f;
}
