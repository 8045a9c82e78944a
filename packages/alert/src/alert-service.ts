// The alert service: the lifecycle (pure) over the store (atomic), with routing into the outbox in
// the same transaction as the change. Each call returns the native events the caller must append
// to the audit log; their ids are deterministic, so appending again after a crash is harmless.
import { randomUUID } from 'node:crypto';
import type { NativeEvent } from '@keywatch/protocol';
import {
  StoreError,
  type AlertFilter,
  type AlertStore,
  type AlertSummary,
  type DetectionApply,
  type OutboxItem,
} from '@keywatch/store';
import { AlertError } from './alert-error.ts';
import { alertChangeEvent } from './model/alert-events.ts';
import {
  acknowledgeAlert,
  foldDetection,
  openAlert,
  resolveAlert,
  suppressAlert,
} from './model/alert-lifecycle.ts';
import type { Alert, AlertActor, AlertChange, Detection } from './model/alert-model.ts';
import { checkDetection } from './model/detection-check.ts';
import { checkRoutes, routeChange, type ChannelRoute } from './notify/channel-routing.ts';
import { notificationPayload } from './notify/notification-payload.ts';

export interface AlertServiceOptions {
  store: AlertStore;
  routes?: ChannelRoute[];
  /** Matches within this time of the alert's last match fold into it. Default 1 hour. */
  dedupeWindowMs?: number;
  /** A notification not delivered within this time expires. Default 24 hours. */
  notificationMaxAgeMs?: number;
  now?: () => number;
  newId?: (kind: 'alert' | 'notification') => string;
  /** Called after a change that enqueued notifications committed: `() => dispatcher.wake()`. */
  onNotifications?: (items: OutboxItem[]) => void;
}

export interface AlertResult {
  alert: AlertSummary;
  change: AlertChange;
  /** Append these to the audit log. */
  events: NativeEvent[];
  /** Written to the outbox with the change. */
  notifications: OutboxItem[];
}

export class AlertService {
  private readonly store: AlertStore;
  private routes: ChannelRoute[];
  private readonly windowMs: number;
  private readonly maxAgeMs: number;
  private readonly now: () => number;
  private readonly newId: (kind: 'alert' | 'notification') => string;
  private readonly onNotifications: ((items: OutboxItem[]) => void) | undefined;

  constructor(o: AlertServiceOptions) {
    checkRoutes(o.routes ?? []);
    this.store = o.store;
    this.routes = o.routes ?? [];
    this.windowMs = o.dedupeWindowMs ?? 3_600_000;
    this.maxAgeMs = o.notificationMaxAgeMs ?? 86_400_000;
    this.now = o.now ?? Date.now;
    this.onNotifications = o.onNotifications;
    this.newId = o.newId ?? ((kind) => `${kind === 'alert' ? 'al' : 'nt'}_${randomUUID()}`);
  }

  /** Replaces the routing (channels managed through the API); checked like the constructor's. */
  setRoutes(routes: ChannelRoute[]): void {
    checkRoutes(routes);
    this.routes = routes;
  }

  /** Opens an alert, folds the match into one, or reopens one whose suppression ended. */
  async recordDetection(d: Detection): Promise<AlertResult> {
    const [r] = await this.recordDetections([d]);
    if (r instanceof AlertError) throw r;
    return r!;
  }

  /**
   * recordDetection for each of a group of detections, in order and in one transaction: one
   * commit for the group instead of one each (a burst of matches under load). A detection that
   * fails its check is answered with its AlertError; the others are recorded.
   */
  async recordDetections(ds: readonly Detection[]): Promise<(AlertResult | AlertError)[]> {
    const out = new Array<AlertResult | AlertError>(ds.length);
    const changes = new Array<AlertChange | undefined>(ds.length);
    const items: DetectionApply[] = [];
    const positions: number[] = [];
    ds.forEach((d, pos) => {
      try {
        checkDetection(d);
      } catch (err) {
        if (!(err instanceof AlertError)) throw err;
        out[pos] = err;
        return;
      }
      const at = d.timeMs ?? this.now();
      positions.push(pos);
      items.push({
        dedupeKey: d.dedupeKey,
        windowStartMs: at - this.windowMs,
        decide: (current) => {
          const change =
            current === undefined
              ? openAlert(this.newId('alert'), d, at)
              : foldDetection(current, d, at);
          changes[pos] = change;
          return this.write(change);
        },
      });
    });
    const writes = await this.store.applyDetections(items);
    writes.forEach((w, i) => {
      const pos = positions[i]!;
      out[pos] = this.result(changes[pos]!, w!.outbox);
    });
    return out;
  }

  acknowledge(id: string, actor: AlertActor, comment: string): Promise<AlertResult> {
    return this.change(id, (a, at) => acknowledgeAlert(a, actor, comment, at));
  }

  resolve(id: string, actor: AlertActor, comment: string): Promise<AlertResult> {
    return this.change(id, (a, at) => resolveAlert(a, actor, comment, at));
  }

  suppress(id: string, actor: AlertActor, reason: string, untilMs: number): Promise<AlertResult> {
    return this.change(id, (a, at) => suppressAlert(a, actor, reason, untilMs, at));
  }

  /** ALERT_NOT_FOUND when there is no such alert. */
  async get(id: string): Promise<Alert> {
    const alert = await this.store.getAlert(id);
    if (alert === undefined) throw notFound(id);
    return alert;
  }

  list(filter: AlertFilter, limit: number): Promise<AlertSummary[]> {
    return this.store.listAlerts(filter, limit);
  }

  private async change(
    id: string,
    decide: (a: Alert, atMs: number) => AlertChange,
  ): Promise<AlertResult> {
    let change: AlertChange | undefined;
    try {
      const write = await this.store.changeAlert(id, (current) =>
        this.write((change = decide(current, this.now()))),
      );
      return this.result(change!, write.outbox);
    } catch (err) {
      if (err instanceof StoreError && err.code === 'NOT_FOUND') throw notFound(id);
      throw err;
    }
  }

  private write(c: AlertChange): {
    alert: AlertSummary;
    history: AlertChange['history'];
    outbox: OutboxItem[];
  } {
    const now = this.now(); // not the match time: an old match imported late still gets its max age
    const outbox = routeChange(this.routes, c).map((channel): OutboxItem => {
      const id = this.newId('notification');
      return {
        id,
        alertId: c.alert.id,
        channel,
        payload: JSON.stringify(notificationPayload(id, c)),
        createdMs: now,
        expiresMs: now + this.maxAgeMs,
        nextAttemptMs: now,
      };
    });
    return { alert: c.alert, history: c.history, outbox };
  }

  private result(change: AlertChange, notifications: OutboxItem[]): AlertResult {
    if (notifications.length > 0) this.onNotifications?.(notifications);
    return { alert: change.alert, change, events: [alertChangeEvent(change)], notifications };
  }
}

function notFound(id: string): AlertError {
  return new AlertError('ALERT_NOT_FOUND', `no alert ${id}`);
}
