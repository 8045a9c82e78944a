// Every alert change and every delivery outcome becomes a native event for the audit log
// (DESIGN.md: alerts and alert state changes are events in the same log). Event ids are derived
// from what they describe, so a server that records one twice (a retry after a crash) gets the
// sequencer's duplicate answer instead of a second entry.
import type { NativeEvent } from '@keywatch/protocol';
import type { AlertActor, AlertChange } from './alert-model.ts';

function actorOf(a: AlertActor): NativeEvent['actor'] {
  return a.role === 'system'
    ? { id: a.id, roles: [a.role], type: 'service' }
    : { id: a.id, roles: [a.role], type: 'user' };
}

const VERB: Record<AlertChange['type'], string> = {
  'alert.opened': 'opened',
  'alert.updated': 'matched again',
  'alert.acknowledged': 'acknowledged',
  'alert.resolved': 'resolved',
  'alert.suppressed': 'suppressed',
  'alert.reopened': 'reopened',
};

export function alertChangeEvent(c: AlertChange): NativeEvent {
  const a = c.alert;
  const by = c.actor.role === 'system' ? '' : ` by ${c.actor.id} (${c.actor.role})`;
  return {
    id: `alert:${a.id}:${a.version}`,
    time: new Date(c.atMs).toISOString(),
    type: c.type,
    outcome: 'success',
    severity: a.severity,
    actor: actorOf(c.actor),
    target: { type: 'alert', id: a.id, name: a.rule.title.slice(0, 512) },
    source: { kind: 'keywatch' },
    message:
      `Alert ${a.id} (${a.rule.title}) ${VERB[c.type]}${by}${c.comment === '' ? '' : `: ${c.comment}`}`.slice(
        0,
        8192,
      ),
    detail: {
      alert_id: a.id,
      rule_id: a.rule.id,
      version: a.version,
      status_from: c.fromStatus,
      status_to: a.status,
      count: a.count,
      dedupe_key: a.dedupeKey,
      event_indexes: c.eventIndexes,
      ...(c.comment !== '' && { comment: c.comment }),
      ...(a.suppression !== null && {
        suppressed_until: new Date(a.suppression.untilMs).toISOString(),
      }),
    },
  };
}

export const NOTIFICATION_EVENT_TYPES = [
  'notification.delivered',
  'notification.failed',
  'notification.expired',
] as const;
export type NotificationEventType = (typeof NOTIFICATION_EVENT_TYPES)[number];

export interface NotificationOutcome {
  type: NotificationEventType;
  notificationId: string;
  alertId: string;
  channel: string;
  /** Which attempt this was (1 for the first). */
  attempt: number;
  atMs: number;
  /** What the receiver answered or why it failed; never a secret (notifiers redact). */
  detail: string;
  /** For a failure: false when the receiver refused for good (no retry). */
  willRetry?: boolean;
  nextAttemptMs?: number;
}

export function notificationEvent(o: NotificationOutcome): NativeEvent {
  const failed = o.type !== 'notification.delivered';
  return {
    id: `notification:${o.notificationId}:${o.attempt}`,
    time: new Date(o.atMs).toISOString(),
    type: o.type,
    outcome: failed ? 'failure' : 'success',
    severity: o.type === 'notification.expired' ? 'high' : failed ? 'low' : 'info',
    actor: { id: 'keywatch', roles: ['system'], type: 'service' },
    target: { type: 'notification_channel', id: o.channel },
    source: { kind: 'keywatch' },
    message:
      `Notification ${o.notificationId} of alert ${o.alertId} to ${o.channel}: ${o.type.slice(13)} (attempt ${o.attempt}): ${o.detail}`.slice(
        0,
        8192,
      ),
    detail: {
      notification_id: o.notificationId,
      alert_id: o.alertId,
      channel: o.channel,
      attempt: o.attempt,
      result: o.detail.slice(0, 2048),
      ...(o.willRetry !== undefined && { will_retry: o.willRetry }),
      ...(o.nextAttemptMs !== undefined && {
        next_attempt: new Date(o.nextAttemptMs).toISOString(),
      }),
    },
  };
}
