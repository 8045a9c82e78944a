// The one writer of the log (DESIGN.md, Data flow): assigns indexes, extends the Merkle tree, signs
// a checkpoint and commits each group of events in one durable transaction. A caller's promise
// resolves only after that commit, so every acknowledged event survives a crash, and the signed
// checkpoint that covers it is already stored.
import type { MerkleFrontier } from '@keywatch/auditlog';
import {
  AuditLogError,
  leafFromTemplate,
  leafHash,
  signCheckpoint,
  storedHashCount,
} from '@keywatch/auditlog';
import type { NativeEvent } from '@keywatch/protocol';
import type { EventRow, LogStore } from '@keywatch/store';
import { ApiError } from '../api-error.ts';
import type { LogIdentity } from '../log-identity.ts';
import { eventRow, prepareEvent, type PreparedEvent } from './event-row.ts';
import { wellFormed } from './well-formed.ts';
import { openLogState } from './log-state.ts';
import { newEventId } from './event-id.ts';

export type SequencedEvent = NativeEvent & { id: string };
/** What append takes: an event, or one prepared elsewhere (event-row.ts, prepareEvent). */
export type AppendItem = SequencedEvent | PreparedEvent;
export interface Appended {
  id: string;
  index: number;
  duplicate: boolean;
}
export interface LatestCheckpoint {
  size: number;
  note: string;
}
export interface SequencerOptions {
  store: LogStore;
  identity: LogIdentity;
  now?: () => number;
  /** Upper bound of events per transaction (group commit). */
  maxBatch?: number;
  /** Called after each durable commit, with its rows (each with its leaf bytes). */
  onCommit?: (rows: readonly EventRow[], seconds: number) => void;
  /**
   * Asked before events from outside are taken in (append): a promise holds them until it
   * resolves (detection too far behind: DetectionPipeline.throttle). The server's own records
   * (appendOwn) are never held, so what the holder itself must record gets through.
   */
  throttle?: () => Promise<void> | undefined;
}

interface Pending {
  events: PreparedEvent[];
  receivedMs: number;
  resolve: (r: Appended[]) => void;
  reject: (e: unknown) => void;
}

export class Sequencer {
  /** The tree as durably committed, and as extended by batches still in flight. */
  private committed: MerkleFrontier;
  private frontier: MerkleFrontier;
  private latest: LatestCheckpoint;
  private queue: Pending[] = [];
  private running = false;
  private failure: Error | undefined;
  private idle: Promise<void> = Promise.resolve();
  private readonly now: () => number;
  private readonly maxBatch: number;
  /** Batches sent to the store and not yet settled (more than one only if it pipelines). */
  private readonly inflight = new Set<Promise<void>>();
  private readonly maxInflight: number;
  /** Ids of in-flight events: a duplicate in the next batch is found before the commit lands. */
  private readonly inflightIds = new Map<string, number>();
  /**
   * Ids committed while a duplicate lookup was running. A pipelining store answers lookups on
   * another connection, whose snapshot may predate a commit that this loop has already seen land
   * (and taken out of inflightIds): without these, that lookup would miss the committed copy, the
   * batch would collide with it, and the collision would stop the log. Kept, in commit order, only
   * while a lookup that started before them is outstanding.
   */
  private readonly committedDuringLookups = new Map<string, { index: number; commit: number }>();
  /** Commits so far, and the outstanding lookups by the commit count they started at. */
  private commits = 0;
  private readonly lookups = new Map<number, number>();
  /** Bumped when a batch fails: later in-flight batches of the old epoch fail with it. */
  private epoch = 0;

  private constructor(
    private readonly opts: SequencerOptions,
    frontier: MerkleFrontier,
    latest: LatestCheckpoint,
  ) {
    this.committed = frontier;
    this.frontier = frontier;
    this.latest = latest;
    this.now = opts.now ?? Date.now;
    this.maxBatch = opts.maxBatch ?? 2000;
    this.maxInflight = opts.store.pipelinedAppends ? 2 : 1;
  }

  /** Restores the tree from the store (or writes the genesis leaf of a new log). */
  static async open(opts: SequencerOptions): Promise<Sequencer> {
    const now = opts.now ?? Date.now;
    const state = await openLogState(opts.store, opts.identity, now);
    return new Sequencer(opts, state.frontier, state.latest);
  }

  get size(): number {
    return this.committed.size;
  }

  latestCheckpoint(): LatestCheckpoint {
    return this.latest;
  }

  /**
   * Appends events (ids assigned by the caller); resolves once they are durable. Each leaf is
   * prepared here, before the request joins a group commit: a request holding an event with no
   * RFC 8785 form (a lone surrogate, a number JSON.parse made infinite) is refused on its own,
   * with BAD_REQUEST, and cannot fail the other requests of its batch. Held first while the
   * throttle says so (detection too far behind).
   */
  append(events: AppendItem[]): Promise<Appended[]> {
    const held = this.opts.throttle?.();
    if (held !== undefined) return held.then(() => this.append(events));
    return this.enqueue(events);
  }

  private enqueue(events: AppendItem[]): Promise<Appended[]> {
    if (this.failure) {
      return Promise.reject(
        new ApiError('LOG_UNAVAILABLE', this.failure.message, { cause: this.failure }),
      );
    }
    if (events.length === 0) return Promise.resolve([]);
    const prepared: PreparedEvent[] = [];
    for (const e of events) {
      try {
        prepared.push('template' in e ? e : prepareEvent(e));
      } catch (err) {
        if (err instanceof AuditLogError)
          return Promise.reject(new ApiError('BAD_REQUEST', `event ${e.id}: ${err.message}`));
        return Promise.reject(err instanceof Error ? err : new Error(String(err)));
      }
    }
    return new Promise((resolve, reject) => {
      this.queue.push({ events: prepared, receivedMs: this.now(), resolve, reject });
      this.schedule();
    });
  }

  /**
   * Appends events the server itself produces (access records, alerts, findings …). What they
   * quote of a client's or agent's input and no leaf can hold is replaced (well-formed.ts), not
   * refused: a refused record would be an unrecorded action.
   */
  appendOwn(events: SequencedEvent[]): Promise<Appended[]> {
    return this.enqueue(events.map(ownItem));
  }

  /** Records one event the server itself produces (appendOwn). */
  async record(event: NativeEvent): Promise<Appended> {
    const [r] = await this.appendOwn([{ ...event, id: event.id ?? newEventId() }]);
    if (!r) throw new ApiError('INTERNAL', 'the sequencer returned no result');
    return r;
  }

  /** Waits until everything queued so far is committed. */
  async drain(): Promise<void> {
    while (this.running || this.queue.length > 0) await this.idle;
  }

  private schedule(): void {
    if (this.running) return;
    this.running = true;
    this.idle = new Promise((done) => setImmediate(() => void this.run().finally(done)));
  }

  private async run(): Promise<void> {
    try {
      while (this.queue.length > 0) {
        // Prepare the next batch while the previous one commits, up to maxInflight at once.
        while (this.inflight.size >= this.maxInflight) await Promise.race(this.inflight);
        const sent = this.send(this.takeBatch());
        this.inflight.add(sent);
        void sent.finally(() => this.inflight.delete(sent));
        if (this.maxInflight === 1) await sent;
        else await Promise.resolve(); // let settled commits run before taking the next batch
      }
      await Promise.all(this.inflight);
    } finally {
      this.running = false;
      if (this.queue.length > 0) this.schedule();
    }
  }

  private takeBatch(): Pending[] {
    const batch: Pending[] = [];
    let n = 0;
    while (
      this.queue.length > 0 &&
      (batch.length === 0 || n + this.queue[0]!.events.length <= this.maxBatch)
    ) {
      const p = this.queue.shift()!;
      batch.push(p);
      n += p.events.length;
    }
    return batch;
  }

  /** Prepares a batch on top of the in-flight ones and sends it; the promise never rejects. */
  private async send(batch: Pending[]): Promise<void> {
    const started = process.hrtime.bigint();
    let prepared: Prepared;
    const since = this.lookupStarted();
    try {
      const ids = batch.flatMap((p) => p.events.map((e) => e.id));
      const existing = await this.opts.store.findIndexesByIds([...new Set(ids)]);
      for (const id of ids) {
        const index = this.inflightIds.get(id) ?? this.committedDuringLookups.get(id)?.index;
        if (index !== undefined) existing.set(id, index);
      }
      prepared = this.prepare(batch, existing);
    } catch (err) {
      for (const p of batch) p.reject(unavailable(err));
      return;
    } finally {
      this.lookupEnded(since);
    }
    const { rows, hashes, results, frontier, startSize } = prepared;
    if (rows.length === 0) {
      batch.forEach((p, i) => p.resolve(results[i]!));
      return;
    }
    const epoch = this.epoch;
    this.frontier = frontier;
    for (const r of rows) this.inflightIds.set(r.id, r.index);
    const checkpoint = {
      origin: this.opts.identity.origin,
      size: frontier.size,
      root: frontier.root(),
    };
    const note = signCheckpoint(checkpoint, this.opts.identity.signer);
    try {
      await this.opts.store.appendBatch({
        events: rows,
        hashes: { start: storedHashCount(startSize), values: hashes },
        checkpoint: { size: checkpoint.size, root: checkpoint.root, note, createdMs: this.now() },
      });
    } catch (err) {
      for (const r of rows) this.inflightIds.delete(r.id);
      if (epoch === this.epoch) {
        // The first failure of an epoch: roll the tree back to what is durable. Later in-flight
        // batches were built on this one and fail with it (their position no longer matches).
        this.epoch++;
        this.frontier = this.committed;
        // Another writer extended the log under us: continuing would fork it, so stop appending.
        if ((err as { code?: string }).code === 'APPEND_CONFLICT') this.failure = err as Error;
      }
      for (const p of batch) p.reject(unavailable(err));
      return;
    }
    const commit = ++this.commits;
    for (const r of rows) {
      this.inflightIds.delete(r.id);
      if (this.lookups.size > 0) this.committedDuringLookups.set(r.id, { index: r.index, commit });
    }
    this.committed = frontier;
    this.latest = { size: frontier.size, note };
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    this.opts.onCommit?.(rows, seconds);
    batch.forEach((p, i) => p.resolve(results[i]!));
  }

  /** Registers a duplicate lookup; returns the commit count it started at. */
  private lookupStarted(): number {
    const at = this.commits;
    this.lookups.set(at, (this.lookups.get(at) ?? 0) + 1);
    return at;
  }

  /** Unregisters a lookup and forgets the ids every outstanding lookup can already see. */
  private lookupEnded(at: number): void {
    const left = (this.lookups.get(at) ?? 1) - 1;
    if (left > 0) this.lookups.set(at, left);
    else this.lookups.delete(at);
    // Lookups start in commit order, so the first key is the oldest outstanding one.
    const oldest = this.lookups.keys().next().value;
    for (const [id, c] of this.committedDuringLookups) {
      if (oldest !== undefined && c.commit > oldest) break;
      this.committedDuringLookups.delete(id);
    }
  }

  private prepare(batch: Pending[], existing: Map<string, number>): Prepared {
    const frontier = this.frontier.clone();
    const startSize = frontier.size;
    const rows: EventRow[] = [];
    const hashes: Buffer[] = [];
    const results: Appended[][] = [];
    for (const p of batch) {
      const received = new Date(p.receivedMs).toISOString();
      const out: Appended[] = [];
      for (const e of p.events) {
        const known = existing.get(e.id);
        if (known !== undefined) {
          out.push({ id: e.id, index: known, duplicate: true });
          continue;
        }
        const index = frontier.size;
        const leaf = leafFromTemplate(e.template, index, received);
        for (const h of frontier.append(leafHash(leaf))) hashes.push(h);
        rows.push(eventRow(index, e.id, p.receivedMs, leaf, e.columns));
        existing.set(e.id, index);
        out.push({ id: e.id, index, duplicate: false });
      }
      results.push(out);
    }
    return { rows, hashes, results, frontier, startSize };
  }
}

interface Prepared {
  rows: EventRow[];
  hashes: Buffer[];
  results: Appended[][];
  frontier: MerkleFrontier;
  startSize: number;
}

function ownItem(e: SequencedEvent): PreparedEvent {
  try {
    return prepareEvent(e);
  } catch (err) {
    if (!(err instanceof AuditLogError)) throw err;
    return prepareEvent(wellFormed(e) as SequencedEvent);
  }
}

function unavailable(err: unknown): ApiError {
  return new ApiError('LOG_UNAVAILABLE', `the log could not commit: ${(err as Error).message}`, {
    cause: err,
  });
}
