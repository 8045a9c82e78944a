// The storage contract of alerts and of the notification outbox (docs/alerts.md). Every dialect
// implements it through kysely-alert-store.ts and passes test/alert-store-tests.ts. The alert
// lifecycle itself is decided in @keywatch/alert; the store only makes each decision atomic and
// durable: a write resolves once committed (SQLite WAL + synchronous=FULL, PG synchronous_commit).

export const ALERT_STATUSES = ['open', 'acknowledged', 'resolved', 'suppressed'] as const;
export type AlertStatus = (typeof ALERT_STATUSES)[number];
export const ALERT_SEVERITIES = ['info', 'low', 'medium', 'high', 'critical'] as const;
export type AlertSeverity = (typeof ALERT_SEVERITIES)[number];
export const OUTBOX_STATES = ['pending', 'delivered', 'failed', 'expired'] as const;
export type OutboxState = (typeof OUTBOX_STATES)[number];

/** The person (or keywatch itself) behind a change: PCI DSS 10.2.2 wants identity and role. */
export interface AlertActorRef {
  id: string;
  role: string;
}

export interface AlertHistoryEntry {
  /** The alert's version after this change; 1 for the opening. */
  version: number;
  atMs: number;
  action: string;
  fromStatus: AlertStatus | null;
  toStatus: AlertStatus;
  actor: AlertActorRef;
  comment: string;
}

export interface AlertSummary {
  id: string;
  rule: { id: string; title: string };
  severity: AlertSeverity;
  tags: string[];
  status: AlertStatus;
  dedupeKey: string;
  /** Detections folded into this alert, the first included. */
  count: number;
  /** Log indexes of the triggering events, oldest first, bounded (the count is not). */
  eventIndexes: number[];
  summary: string;
  fields: Record<string, unknown>;
  firstSeenMs: number;
  lastSeenMs: number;
  updatedMs: number;
  suppression: { reason: string; untilMs: number } | null;
  /** Incremented by every write; the history holds one entry per lifecycle version. */
  version: number;
}

export interface AlertRecord extends AlertSummary {
  /** Oldest first. */
  history: AlertHistoryEntry[];
}

export interface AlertFilter {
  status?: AlertStatus;
  severity?: AlertSeverity;
  ruleId?: string;
  /** Alerts seen at or after this time (lastSeenMs ≥ sinceMs). */
  sinceMs?: number;
  /** Keyset cursor: the last alert of the previous page (order: firstSeenMs, id, descending). */
  before?: { firstSeenMs: number; id: string };
}

/** A notification to deliver; `id` is the receiver's idempotency key. */
export interface OutboxItem {
  id: string;
  alertId: string;
  channel: string;
  /** JSON text, delivered as is. */
  payload: string;
  createdMs: number;
  /** After this time it is no longer attempted: it expires. */
  expiresMs: number;
  nextAttemptMs: number;
}

export interface OutboxRow extends OutboxItem {
  state: OutboxState;
  /** Claims so far (each claim is one attempt). */
  attempts: number;
  leaseOwner: string | null;
  leaseUntilMs: number | null;
  lastError: string | null;
  settledMs: number | null;
}

/** What one atomic alert change writes: the alert (version + 1), new history, notifications. */
export interface AlertWrite {
  alert: AlertSummary;
  history: AlertHistoryEntry[];
  outbox: OutboxItem[];
}

export type OutboxOutcome =
  | { id: string; owner: string; atMs: number; result: 'delivered' }
  | {
      id: string;
      owner: string;
      atMs: number;
      result: 'retry';
      nextAttemptMs: number;
      error: string;
    }
  | { id: string; owner: string; atMs: number; result: 'failed' | 'expired'; error: string };

/** One detection for AlertStore.applyDetections (the arguments of applyDetection). */
export interface DetectionApply {
  dedupeKey: string;
  windowStartMs: number;
  decide: (current: AlertRecord | undefined) => AlertWrite | undefined;
}

export interface AlertStore {
  /**
   * One transaction, serialized per dedupe key across processes: reads the alert a detection with
   * this key folds into (the newest one that is suppressed, or open/acknowledged and last seen at
   * or after windowStartMs), hands it to `decide`, and writes what `decide` returns. A throw in
   * `decide` writes nothing and is rethrown.
   */
  applyDetection(
    dedupeKey: string,
    windowStartMs: number,
    decide: (current: AlertRecord | undefined) => AlertWrite | undefined,
  ): Promise<AlertWrite | undefined>;
  /**
   * applyDetection for each item, in order, in one transaction: a later item sees what an earlier
   * one wrote (two matches of one key fold), and the group costs one commit. A throw in any
   * `decide` writes nothing of the group and is rethrown.
   */
  applyDetections(items: readonly DetectionApply[]): Promise<(AlertWrite | undefined)[]>;
  /**
   * Read-modify-write of one alert in one transaction (row locked on PG, database write lock on
   * SQLite). StoreError NOT_FOUND when the alert does not exist; a throw in `change` writes nothing.
   */
  changeAlert(id: string, change: (current: AlertRecord) => AlertWrite): Promise<AlertWrite>;
  getAlert(id: string): Promise<AlertRecord | undefined>;
  /** Newest first by first-seen time, then id. */
  listAlerts(filter: AlertFilter, limit: number): Promise<AlertSummary[]>;
  /** Notifications not tied to an alert change (tests, re-sends); same durability. */
  enqueueNotifications(items: readonly OutboxItem[]): Promise<void>;
  /**
   * Leases up to `limit` pending notifications due at nowMs (next attempt reached, no live lease)
   * to `owner` until nowMs + leaseMs, counting one attempt each. A claim whose lease runs out (a
   * dispatcher that crashed) is due again. Oldest due first; never the same row to two owners.
   */
  claimNotifications(opts: {
    owner: string;
    nowMs: number;
    leaseMs: number;
    limit: number;
  }): Promise<OutboxRow[]>;
  /**
   * One transaction for all outcomes; per outcome, whether it took effect. `delivered` applies to
   * any pending row (delivery is a fact, whoever held the lease); retry, failed and expired only
   * while `owner` still holds the lease.
   */
  settleNotifications(outcomes: readonly OutboxOutcome[]): Promise<boolean[]>;
  getNotification(id: string): Promise<OutboxRow | undefined>;
  /** Oldest first. */
  listNotifications(opts: {
    alertId?: string;
    state?: OutboxState;
    limit: number;
  }): Promise<OutboxRow[]>;
  countNotifications(): Promise<Record<OutboxState, number>>;
}
