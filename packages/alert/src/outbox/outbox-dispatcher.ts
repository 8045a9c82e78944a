// The outbox dispatcher (docs/alerts.md, "Outbox"): claims due notifications under a lease, hands
// each to its channel's notifier, records every outcome in the audit log, then settles the batch
// in one transaction. Nothing is settled before its outcome is recorded, and nothing is delivered
// that was not committed to the outbox first, so a crash anywhere costs at most a repeat (same
// Idempotency-Key, same audit event id), never a loss. Several dispatchers may share one store.
import { randomUUID } from 'node:crypto';
import type { NativeEvent } from '@keywatch/protocol';
import type { AlertStore, OutboxOutcome, OutboxRow } from '@keywatch/store';
import { notificationEvent, type NotificationOutcome } from '../model/alert-events.ts';
import type { DeliveryVerdict, Notifier } from '../notify/notifier.ts';
import type { NotificationPayload } from '../notify/notification-payload.ts';
import { retryDelayMs, type BackoffPolicy } from './retry-backoff.ts';
import { Wakeable } from './wakeable.ts';

export interface DispatcherOptions {
  store: AlertStore;
  /** Notifiers by channel name (the names routes use). */
  channels: ReadonlyMap<string, Notifier>;
  /** Appends outcome events to the audit log; a throw leaves the batch unsettled (re-sent later). */
  record: (events: NativeEvent[]) => Promise<void>;
  /** Default: a random id per instance. */
  owner?: string;
  /** Claimed per round. Default 32. */
  batchSize?: number;
  /**
   * Rounds in flight at once (each claims its own rows): one round's sends overlap another's
   * store writes. Default 2.
   */
  concurrency?: number;
  /** Longer than the slowest notifier timeout. Default 60 s. */
  leaseMs?: number;
  /** Sleep when nothing is due (wake() cuts it short). Default 1 s. */
  pollMs?: number;
  backoff?: BackoffPolicy;
  now?: () => number;
  random?: () => number;
  /** Store or record failures of a round (the loop goes on). */
  onError?: (err: unknown) => void;
}

export class OutboxDispatcher {
  readonly owner: string;
  private readonly o: DispatcherOptions;
  private readonly wakeable = new Wakeable();
  private loop: Promise<void> | undefined;
  private stopping = false;

  private channels: ReadonlyMap<string, Notifier>;

  constructor(o: DispatcherOptions) {
    this.o = o;
    this.channels = o.channels;
    this.owner = o.owner ?? `dispatcher-${randomUUID()}`;
  }

  /** Swaps the notifiers (channels managed through the API); rounds in progress keep theirs. */
  setChannels(channels: ReadonlyMap<string, Notifier>): void {
    this.channels = channels;
    this.wakeable.wake();
  }

  start(): void {
    if (this.loop !== undefined) return;
    this.stopping = false;
    const workers = Array.from({ length: Math.max(1, this.o.concurrency ?? 2) }, () => this.run());
    this.loop = Promise.all(workers).then(() => undefined);
  }

  /** Ends the loop after the round in progress (its outcomes are recorded and settled). */
  async stop(): Promise<void> {
    this.stopping = true;
    this.wakeable.wake();
    await this.loop;
    this.loop = undefined;
  }

  /** A notification was enqueued: look now instead of at the next poll. */
  wake(): void {
    this.wakeable.wake();
  }

  /** One round: the number of notifications claimed. */
  async runOnce(): Promise<number> {
    const now = (this.o.now ?? Date.now)();
    const rows = await this.o.store.claimNotifications({
      owner: this.owner,
      nowMs: now,
      leaseMs: this.o.leaseMs ?? 60_000,
      limit: this.o.batchSize ?? 32,
    });
    if (rows.length === 0) return 0;
    const results = await Promise.all(rows.map((r) => this.attempt(r)));
    await this.o.record(results.map((r) => notificationEvent(r.event)));
    await this.o.store.settleNotifications(results.map((r) => r.outcome));
    return rows.length;
  }

  private async run(): Promise<void> {
    while (!this.stopping) {
      let claimed = 0;
      try {
        claimed = await this.runOnce();
      } catch (err) {
        this.o.onError?.(err);
      }
      const full = claimed === (this.o.batchSize ?? 32);
      if (!full && !this.stopping) await this.wakeable.sleep(this.o.pollMs ?? 1000);
    }
  }

  private async attempt(
    row: OutboxRow,
  ): Promise<{ event: NotificationOutcome; outcome: OutboxOutcome }> {
    const now = this.o.now ?? Date.now;
    const base = {
      notificationId: row.id,
      alertId: row.alertId,
      channel: row.channel,
      attempt: row.attempts,
    };
    if (now() > row.expiresMs)
      return this.expire(row, now(), base, row.lastError ?? 'not attempted');
    const verdict = await this.deliver(row);
    const at = now();
    const id = { id: row.id, owner: this.owner, atMs: at };
    if (verdict.status === 'delivered')
      return {
        event: { ...base, type: 'notification.delivered', atMs: at, detail: verdict.detail },
        outcome: { ...id, result: 'delivered' },
      };
    if (verdict.status === 'failed')
      return {
        event: {
          ...base,
          type: 'notification.failed',
          atMs: at,
          detail: verdict.detail,
          willRetry: false,
        },
        outcome: { ...id, result: 'failed', error: verdict.detail },
      };
    if (at >= row.expiresMs) return this.expire(row, at, base, verdict.detail);
    // The last attempt falls on the expiry itself, so a receiver back just before it still gets it.
    const next = Math.min(
      row.expiresMs,
      at + retryDelayMs(this.o.backoff ?? {}, row.attempts, this.o.random ?? Math.random),
    );
    return {
      event: {
        ...base,
        type: 'notification.failed',
        atMs: at,
        detail: verdict.detail,
        willRetry: true,
        nextAttemptMs: next,
      },
      outcome: { ...id, result: 'retry', nextAttemptMs: next, error: verdict.detail },
    };
  }

  private expire(
    row: OutboxRow,
    at: number,
    base: Omit<NotificationOutcome, 'type' | 'atMs' | 'detail'>,
    lastError: string,
  ): { event: NotificationOutcome; outcome: OutboxOutcome } {
    const detail = `undelivered after ${row.attempts} attempt(s) within its max age; last: ${lastError}`;
    return {
      event: { ...base, type: 'notification.expired', atMs: at, detail },
      outcome: { id: row.id, owner: this.owner, atMs: at, result: 'expired', error: lastError },
    };
  }

  private async deliver(row: OutboxRow): Promise<DeliveryVerdict> {
    const notifier = this.channels.get(row.channel);
    // A channel removed from the configuration may come back; until the max age, keep trying.
    if (notifier === undefined)
      return { status: 'retry', detail: `no channel named ${row.channel} is configured` };
    try {
      return await notifier.send({
        id: row.id,
        channel: row.channel,
        alertId: row.alertId,
        body: row.payload,
        payload: JSON.parse(row.payload) as NotificationPayload,
        attempt: row.attempts,
      });
    } catch (err) {
      return {
        status: 'retry',
        detail: `notifier error: ${(err as Error).message ?? String(err)}`,
      };
    }
  }
}
