// Keys in production and performance in one place for the routes, built from the ServerContext on
// first use (like fim-service.ts, so the shared wiring needs no new field). It follows the log
// through the live feed of commits: the key.* and perf.sample events of each commit's index range
// are read back from the store and applied in commit order.
import type { StoredEvent } from '@keywatch/protocol';
import type { LeafRow } from '@keywatch/store';
import type { ServerContext } from '../server-context.ts';
import { PerfFollower } from '../perf/perf-follower.ts';
import { KeyCheckService } from './key-check-service.ts';
import { KeyLifecycleFollower } from './key-lifecycle-follower.ts';

export interface KeysService {
  checks: KeyCheckService;
  lifecycle: KeyLifecycleFollower;
  perf: PerfFollower;
  /** Resolves when every commit seen so far is applied. */
  idle(): Promise<void>;
  stop(): void;
}

const services = new WeakMap<ServerContext, KeysService>();
const WANTED = /^(key\.|perf\.sample$)/;
const PAGE = 500;

export function keysService(ctx: ServerContext): KeysService {
  const existing = services.get(ctx);
  if (existing) return existing;
  const onError = (err: unknown): void =>
    process.emitWarning(`keywatch keys: ${(err as Error).message}`);
  const checks = new KeyCheckService(ctx.store, ctx.sequencer);
  const lifecycle = new KeyLifecycleFollower(ctx.store, checks, onError);
  const perf = new PerfFollower(ctx.store, ctx.sequencer);
  let chain: Promise<void> = Promise.resolve();
  // Only the events we follow are read back, through the type postings (newest first, paged),
  // so a busy log's commits cost two index lookups here, not a re-read of every leaf.
  const read = async (start: number, end: number): Promise<StoredEvent[]> => {
    const rows: LeafRow[] = [];
    for (const filter of [{ typePrefix: 'key.' }, { types: ['perf.sample'] }]) {
      for (let before = end; ;) {
        const page = await ctx.store.queryEvents({ ...filter, beforeIndex: before }, PAGE);
        const inRange = page.filter((r) => r.index >= start);
        rows.push(...inRange);
        if (inRange.length < PAGE) break;
        before = inRange[inRange.length - 1]!.index;
      }
    }
    return rows
      .sort((a, b) => a.index - b.index)
      .map((r) => JSON.parse(Buffer.from(r.leaf).toString('utf8')) as StoredEvent);
  };
  const unsubscribe = ctx.live.subscribe((batch) => {
    const seenAll = batch.count <= batch.events.length;
    if (seenAll && !batch.events.some((e) => WANTED.test(e.type))) return;
    const start = batch.size - batch.count;
    chain = chain
      .then(async () => {
        const events = await read(start, batch.size);
        lifecycle.observe(events.filter((e) => e.type.startsWith('key.')));
        await lifecycle.idle();
        await perf.apply(events.filter((e) => e.type === 'perf.sample'));
      })
      .catch(onError);
  });
  const s: KeysService = {
    checks,
    lifecycle,
    perf,
    idle: async () => {
      await ctx.sequencer.drain();
      await chain;
      await lifecycle.idle();
    },
    stop: unsubscribe,
  };
  services.set(ctx, s);
  return s;
}
