// Keys in production and performance in one place for the routes, built from the ServerContext on
// first use (like fim-service.ts, so the shared wiring needs no new field). It follows the log
// through the live feed of commits: the key.* and perf.sample events of each commit's index range,
// and those of the sources whose events carry durations, are read back from the store and applied
// in commit order.
import type { StoredEvent } from '@keywatch/protocol';
import type { LeafRow } from '@keywatch/store';
import type { ServerContext } from '../server-context.ts';
import { DURATION_SOURCE_KINDS } from '../perf/duration-samples.ts';
import { PerfFollower } from '../perf/perf-follower.ts';
import { PerfThresholdBook } from '../perf/perf-threshold-book.ts';
import { KeyCheckService } from './key-check-service.ts';
import { KeyLifecycleFollower } from './key-lifecycle-follower.ts';

export interface KeysService {
  checks: KeyCheckService;
  lifecycle: KeyLifecycleFollower;
  perf: PerfFollower;
  thresholds: PerfThresholdBook;
  /** Resolves when every commit seen so far is applied. */
  idle(): Promise<void>;
  stop(): void;
}

const services = new WeakMap<ServerContext, KeysService>();
const WANTED = /^(key\.|perf\.sample$)/;
const FILTERS = [
  { typePrefix: 'key.' },
  { types: ['perf.sample'] },
  ...DURATION_SOURCE_KINDS.map((sourceKind) => ({ sourceKind })),
];
const PAGE = 500;

export function keysService(ctx: ServerContext): KeysService {
  const existing = services.get(ctx);
  if (existing) return existing;
  const onError = (err: unknown): void =>
    process.emitWarning(`keywatch keys: ${(err as Error).message}`);
  const checks = new KeyCheckService(ctx.store, ctx.sequencer);
  const lifecycle = new KeyLifecycleFollower(ctx.store, checks, onError);
  const thresholds = new PerfThresholdBook(ctx);
  const perf = new PerfFollower(ctx.store, ctx.sequencer, thresholds);
  let chain: Promise<void> = Promise.resolve();
  // Only the events we follow are read back, through the type postings (newest first, paged),
  // so a busy log's commits cost a few index lookups here, not a re-read of every leaf.
  const read = async (start: number, end: number): Promise<StoredEvent[]> => {
    const rows = new Map<number, LeafRow>();
    for (const filter of FILTERS) {
      for (let before = end; ;) {
        const page = await ctx.store.queryEvents({ ...filter, beforeIndex: before }, PAGE);
        const inRange = page.filter((r) => r.index >= start);
        for (const r of inRange) rows.set(r.index, r);
        if (inRange.length < PAGE) break;
        before = inRange[inRange.length - 1]!.index;
      }
    }
    return [...rows.values()]
      .sort((a, b) => a.index - b.index)
      .map((r) => JSON.parse(Buffer.from(r.leaf).toString('utf8')) as StoredEvent);
  };
  // Commits that arrive while one range is being applied are gathered into the next range, so a
  // burst of small commits (a thousand agents' samples) costs one read and one series write.
  let pending: { start: number; end: number } | undefined;
  const run = async (): Promise<void> => {
    const range = pending;
    pending = undefined;
    if (!range) return;
    const events = await read(range.start, range.end);
    lifecycle.observe(events.filter((e) => e.type.startsWith('key.')));
    await lifecycle.idle();
    await perf.apply(events);
  };
  const unsubscribe = ctx.live.subscribe((batch) => {
    // What FILTERS would read: key.* and perf.sample events, and events of the sources that carry
    // durations. A commit with none of them is skipped unread (three index lookups saved per
    // commit: on PostgreSQL, three round trips on the ingest path).
    const ours =
      [...batch.types].some((t) => WANTED.test(t)) ||
      DURATION_SOURCE_KINDS.some((k) => batch.kinds.has(k));
    if (!ours) return;
    const start = batch.size - batch.count;
    if (pending) {
      pending = { start: Math.min(pending.start, start), end: Math.max(pending.end, batch.size) };
      return; // a run is already queued and will take this range with it
    }
    pending = { start, end: batch.size };
    chain = chain.then(run).catch(onError);
  });
  const s: KeysService = {
    checks,
    lifecycle,
    perf,
    thresholds,
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
