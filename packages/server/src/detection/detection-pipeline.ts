// Every committed event passes through the detection engine, in log order, after its durable
// commit; each detection becomes (or folds into) an alert through the alert service, and the alert
// change events go back into the same log. The engine runs on its own thread (detection-thread.ts)
// and gets the committed leaves. Its state is snapshotted into the store with the last processed
// index; after a restart the events logged since are replayed, so a crash between commit and
// detection loses no detection.
import type { AlertService } from '@keywatch/alert';
import type { RuleText } from '@keywatch/detect';
import type { LogStore } from '@keywatch/store';
import type { SequencedEvent, Sequencer } from '../sequencer/sequencer.ts';
import type { ServerMetrics } from '../server-metrics.ts';
import type { DetectionSnapshot, FoldedDetection } from './detection-core.ts';
import { DetectionThread } from './detection-thread.ts';
import type { ThreadPriority } from './thread-priority.ts';

const SNAPSHOT_KEY = 'detect.snapshot';
const REPLAY_PAGE = 5_000;
/** About a second of full-rate ingest, ~30 MB of leaves: the most detection may fall behind. */
const DEFAULT_MAX_BACKLOG = 50_000;

export interface DetectionPipelineOptions {
  store: LogStore;
  sequencer: Sequencer;
  /** The rule texts the engine is built from (setRules replaces them). */
  rules: readonly RuleText[];
  alerts: AlertService;
  metrics: ServerMetrics;
  /** Clock-driven detectors (silence, gaps, closing windows) run this often. Default 10 s. */
  tickMs?: number;
  snapshotMs?: number;
  /** The detection thread's CPU priority (thread-priority.ts). Default `background`. */
  priority?: ThreadPriority;
  /** Committed events not yet through detection past which ingest waits (throttle). */
  maxBacklog?: number;
  onError?: (err: unknown) => void;
}

export class DetectionPipeline {
  #queue: (readonly Uint8Array[])[] = [];
  #running: Promise<void> | undefined;
  #timers: NodeJS.Timeout[] = [];
  #closed = false;
  /** Events enqueued and not yet through detection and alerting. */
  #backlog = 0;
  /** Ingest held back until the backlog is down to half the bound (throttle). */
  #held: { promise: Promise<void>; release: () => void } | undefined;
  readonly #maxBacklog: number;
  readonly #thread: DetectionThread;

  constructor(private readonly o: DetectionPipelineOptions) {
    this.#thread = new DetectionThread(o.rules, o.priority ?? 'background');
    this.#maxBacklog = o.maxBacklog ?? DEFAULT_MAX_BACKLOG;
  }

  get thread(): DetectionThread {
    return this.#thread;
  }

  get backlog(): number {
    return this.#backlog;
  }

  /**
   * undefined while detection keeps up; past the bound, a promise that resolves once the backlog
   * is down to half of it. The sequencer waits on it before it takes in events from outside
   * (Sequencer.append, not appendOwn: the alerts detection raises must still get through).
   * A background detection thread thus never falls more than the bound behind, whatever ingest
   * sends, and its memory stays bounded.
   */
  throttle(): Promise<void> | undefined {
    if (this.#held !== undefined) return this.#held.promise;
    if (this.#backlog <= this.#maxBacklog) return undefined;
    let release!: () => void;
    const promise = new Promise<void>((done) => (release = done));
    this.#held = { promise, release };
    return promise;
  }

  /** Restores the snapshot and replays what was logged after it, then starts the clock. */
  async start(): Promise<void> {
    const saved = await this.o.store.getMeta(SNAPSHOT_KEY);
    let processed = -1;
    if (saved !== undefined) {
      const snapshot = JSON.parse(saved) as DetectionSnapshot;
      processed = snapshot.processed;
      // Taken with other rules (a rule changed since): windows and baselines start afresh.
      await this.#thread.restore(snapshot).catch((err: unknown) => this.o.onError?.(err));
    }
    const end = this.o.sequencer.size;
    for (let at = processed + 1; at < end; at += REPLAY_PAGE) {
      const rows = await this.o.store.readLeaves(at, Math.min(end, at + REPLAY_PAGE));
      await this.#raise(await this.#thread.process(rows.map((r) => r.leaf)));
    }
    const tick = setInterval(() => void this.#tick(), this.o.tickMs ?? 10_000);
    const snap = setInterval(
      () => void this.snapshot().catch(this.o.onError),
      this.o.snapshotMs ?? 30_000,
    );
    tick.unref();
    snap.unref();
    this.#timers.push(tick, snap);
  }

  /** Swaps in new rules between two groups (windows and baselines start afresh). */
  async setRules(rules: readonly RuleText[]): Promise<void> {
    await this.idle();
    await this.#thread.setRules(rules);
  }

  /** Called by the sequencer after each durable commit, with the leaves it committed. */
  enqueue(leaves: readonly Uint8Array[]): void {
    if (this.#closed) return;
    this.#queue.push(leaves);
    this.#setBacklog(this.#backlog + leaves.length);
    this.#running ??= this.#drain().finally(() => (this.#running = undefined));
  }

  /** Resolves once everything enqueued so far went through detection and alerting. */
  async idle(): Promise<void> {
    while (this.#running) await this.#running;
  }

  async snapshot(): Promise<void> {
    await this.o.store.setMeta(SNAPSHOT_KEY, JSON.stringify(await this.#thread.snapshot()));
  }

  async close(): Promise<void> {
    this.#closed = true;
    this.#timers.forEach(clearInterval);
    this.#held?.release(); // nothing more will be detected here: hold nobody
    await this.idle();
    await this.snapshot();
    await this.#thread.close();
  }

  async #drain(): Promise<void> {
    // Groups queued meanwhile go to the thread together: fewer round trips under load.
    while (this.#queue.length > 0) {
      const leaves = this.#queue.splice(0).flat();
      try {
        await this.#raise(await this.#thread.process(leaves));
      } catch (err) {
        this.o.onError?.(err);
      } finally {
        this.#setBacklog(this.#backlog - leaves.length);
      }
    }
  }

  #setBacklog(n: number): void {
    this.#backlog = n;
    this.o.metrics.detectionBacklog.set(n);
    if (this.#held !== undefined && n <= this.#maxBacklog / 2) {
      this.#held.release();
      this.#held = undefined;
    }
  }

  async #tick(): Promise<void> {
    if (this.#closed) return;
    try {
      await this.#raise(await this.#thread.tick(Date.now()));
    } catch (err) {
      this.o.onError?.(err);
    }
  }

  /**
   * The group's detections are stored as alerts at once (that is when they count as raised), in
   * one transaction, and their alert-change events go into the log in one append: one commit of
   * each per group. Under load a group holds many matches, and a commit each held the database's
   * write lock (and, on SQLite, the event loop) once per match.
   */
  async #raise(folded: readonly FoldedDetection[]): Promise<void> {
    if (folded.length === 0) return;
    const results = await this.o.alerts.recordDetections(folded.map((f) => f.d));
    const now = Date.now();
    const events: SequencedEvent[] = [];
    for (const [i, result] of results.entries()) {
      if (result instanceof Error) {
        this.o.onError?.(result); // a refused detection; the others are stored
        continue;
      }
      for (const r of folded[i]!.receivedMs)
        this.o.metrics.detectionSeconds.observe((now - r) / 1000);
      for (const e of result.events) events.push({ ...e, id: e.id! });
    }
    if (events.length > 0) await this.o.sequencer.appendOwn(events);
  }
}
