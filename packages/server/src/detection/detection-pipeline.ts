// Every committed event passes through the detection engine, in log order, after its durable
// commit; each detection becomes (or folds into) an alert through the alert service, and the alert
// change events go back into the same log. The engine's state is snapshotted into the store with
// the last processed index; after a restart the events logged since are replayed, so a crash
// between commit and detection loses no detection.
import { parseLeaf } from '@keywatch/auditlog';
import {
  MAX_EVENT_INDEXES,
  severityRank,
  type AlertService,
  type Detection as AlertDetection,
} from '@keywatch/alert';
import type { Detection, DetectionEngine } from '@keywatch/detect';
import type { StoredEvent } from '@keywatch/protocol';
import type { LogStore } from '@keywatch/store';
import type { SequencedEvent, Sequencer } from '../sequencer/sequencer.ts';
import type { ServerMetrics } from '../server-metrics.ts';
import { toAlertDetection } from './to-alert-detection.ts';

const SNAPSHOT_KEY = 'detect.snapshot';
const REPLAY_PAGE = 5_000;

export interface DetectionPipelineOptions {
  store: LogStore;
  sequencer: Sequencer;
  /** Replaced when rules change (replaceEngine). */
  engine: DetectionEngine;
  alerts: AlertService;
  metrics: ServerMetrics;
  /** Clock-driven detectors (silence, gaps, closing windows) run this often. Default 10 s. */
  tickMs?: number;
  snapshotMs?: number;
  onError?: (err: unknown) => void;
}

/** The alerting machinery's own events are not fed back in: an alert about an alert loops. */
const isOwnOutput = (e: StoredEvent): boolean =>
  e.type.startsWith('alert.') || e.type.startsWith('notification.');

export class DetectionPipeline {
  #processed = -1;
  #queue: StoredEvent[][] = [];
  #running: Promise<void> | undefined;
  #timers: NodeJS.Timeout[] = [];
  #closed = false;

  constructor(private readonly o: DetectionPipelineOptions) {}

  /** Restores the snapshot and replays what was logged after it, then starts the clock. */
  async start(): Promise<void> {
    const saved = await this.o.store.getMeta(SNAPSHOT_KEY);
    if (saved !== undefined) {
      const { processed, state } = JSON.parse(saved) as { processed: number; state: unknown };
      try {
        this.o.engine.restore(state);
      } catch (err) {
        // Taken with other rules (a rule changed since): windows and baselines start afresh.
        this.o.onError?.(err);
      }
      this.#processed = processed;
    }
    const end = this.o.sequencer.size;
    for (let at = this.#processed + 1; at < end; at += REPLAY_PAGE) {
      const rows = await this.o.store.readLeaves(at, Math.min(end, at + REPLAY_PAGE));
      await this.#process(rows.map((r) => parseLeaf(r.leaf)));
    }
    const tick = setInterval(() => void this.#tick(), this.o.tickMs ?? 10_000);
    const snap = setInterval(() => void this.snapshot(), this.o.snapshotMs ?? 30_000);
    tick.unref();
    snap.unref();
    this.#timers.push(tick, snap);
  }

  /** Swaps in an engine for changed rules, between two groups (its state starts afresh). */
  async replaceEngine(engine: DetectionEngine): Promise<void> {
    await this.idle();
    this.o.engine = engine;
  }

  /** Called by the sequencer after each durable commit. */
  enqueue(events: readonly StoredEvent[]): void {
    if (this.#closed) return;
    this.#queue.push([...events]);
    this.#running ??= this.#drain().finally(() => (this.#running = undefined));
  }

  /** Resolves once everything enqueued so far went through detection and alerting. */
  async idle(): Promise<void> {
    while (this.#running) await this.#running;
  }

  async snapshot(): Promise<void> {
    const value = JSON.stringify({ processed: this.#processed, state: this.o.engine.snapshot() });
    await this.o.store.setMeta(SNAPSHOT_KEY, value);
  }

  async close(): Promise<void> {
    this.#closed = true;
    this.#timers.forEach(clearInterval);
    await this.idle();
    await this.snapshot();
  }

  async #drain(): Promise<void> {
    while (this.#queue.length > 0) {
      try {
        await this.#process(this.#queue.shift()!);
      } catch (err) {
        this.o.onError?.(err);
      }
    }
  }

  /**
   * The engine runs over the whole group; each detection is stored as an alert at once (that is
   * when it counts as raised), and the alert-change events of the group go into the log in one
   * append: one durable commit per group instead of one per detection.
   */
  async #process(events: readonly StoredEvent[]): Promise<void> {
    const raised: { d: Detection; receivedMs: number | undefined }[] = [];
    for (const e of events) {
      if (e.index <= this.#processed) continue; // already seen (replay overlap)
      this.#processed = e.index;
      if (isOwnOutput(e)) continue;
      const receivedMs = Date.parse(e.received);
      for (const d of this.o.engine.process(e)) raised.push({ d, receivedMs });
    }
    await this.#raise(raised);
  }

  async #tick(): Promise<void> {
    if (this.#closed) return;
    try {
      await this.#raise(this.o.engine.tick(Date.now()).map((d) => ({ d, receivedMs: undefined })));
    } catch (err) {
      this.o.onError?.(err);
    }
  }

  async #raise(raised: { d: Detection; receivedMs: number | undefined }[]): Promise<void> {
    const events: SequencedEvent[] = [];
    for (const { d, receivedMs } of coalesce(raised)) {
      const result = await this.o.alerts.recordDetection(d);
      const now = Date.now();
      for (const r of receivedMs) this.o.metrics.detectionSeconds.observe((now - r) / 1000);
      for (const e of result.events) events.push({ ...e, id: e.id! });
    }
    if (events.length > 0) await this.o.sequencer.append(events);
  }
}

/**
 * Matches of one dedupe key within a group fold into one alert anyway: write them as one detection
 * standing for all (an alert storm costs one store write per key, not one per event).
 */
function coalesce(
  raised: readonly { d: Detection; receivedMs: number | undefined }[],
): { d: AlertDetection; receivedMs: number[] }[] {
  const byKey = new Map<string, { d: AlertDetection; receivedMs: number[] }>();
  for (const { d, receivedMs } of raised) {
    const next = toAlertDetection(d);
    const seen = byKey.get(next.dedupeKey);
    if (seen === undefined) {
      byKey.set(next.dedupeKey, {
        d: next,
        receivedMs: receivedMs === undefined ? [] : [receivedMs],
      });
      continue;
    }
    const prev = seen.d;
    seen.d = {
      ...next,
      severity:
        severityRank(next.severity) > severityRank(prev.severity) ? next.severity : prev.severity,
      eventIndexes: [...prev.eventIndexes, ...next.eventIndexes].slice(-MAX_EVENT_INDEXES),
      matches: (prev.matches ?? 1) + 1,
    };
    if (receivedMs !== undefined) seen.receivedMs.push(receivedMs);
  }
  return [...byKey.values()];
}
