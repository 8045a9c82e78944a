// Keys in production and performance in one place for the routes, built from the ServerContext on
// first use (like fim-service.ts, so the shared wiring needs no new field). It follows the log
// through the live feed of commits: each commit's index range is read back from the store, and
// key lifecycle, key.observed and perf.sample events are applied in commit order.
import type { StoredEvent } from '@keywatch/protocol';
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

export function keysService(ctx: ServerContext): KeysService {
  const existing = services.get(ctx);
  if (existing) return existing;
  const onError = (err: unknown): void =>
    process.emitWarning(`keywatch keys: ${(err as Error).message}`);
  const checks = new KeyCheckService(ctx.store, ctx.sequencer);
  const lifecycle = new KeyLifecycleFollower(ctx.store, checks, onError);
  const perf = new PerfFollower(ctx.store, ctx.sequencer);
  let chain: Promise<void> = Promise.resolve();
  const unsubscribe = ctx.live.subscribe((batch) => {
    if (!batch.events.some((e) => WANTED.test(e.type)) && batch.count <= batch.events.length)
      return;
    const start = batch.size - batch.count;
    chain = chain
      .then(async () => {
        const rows = await ctx.store.readLeaves(start, batch.size);
        const events = rows
          .map((r) => JSON.parse(Buffer.from(r.leaf).toString('utf8')) as StoredEvent)
          .filter((e) => WANTED.test(e.type));
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
