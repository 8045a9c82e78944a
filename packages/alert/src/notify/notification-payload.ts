// The body of every notification (docs/alerts.md, "Payload"): a JSON object, snake_case like the
// HTTP API, built once when the alert changes and stored in the outbox, so that every attempt and
// every channel sends the same facts even if the alert has changed since.
import type { AlertChange, AlertSeverity, AlertStatus } from '../model/alert-model.ts';

export interface NotificationPayload {
  /** The notification id (also the Idempotency-Key header). */
  id: string;
  type: AlertChange['type'];
  /** When the change happened, RFC 3339. */
  time: string;
  alert: {
    id: string;
    rule: { id: string; title: string };
    severity: AlertSeverity;
    status: AlertStatus;
    tags: string[];
    count: number;
    event_indexes: number[];
    summary: string;
    fields: Record<string, unknown>;
    first_seen: string;
    last_seen: string;
    version: number;
    suppressed_until?: string;
  };
  actor: { id: string; role: string };
  comment?: string;
}

const iso = (ms: number): string => new Date(ms).toISOString();

export function notificationPayload(id: string, c: AlertChange): NotificationPayload {
  const a = c.alert;
  return {
    id,
    type: c.type,
    time: iso(c.atMs),
    alert: {
      id: a.id,
      rule: { ...a.rule },
      severity: a.severity,
      status: a.status,
      tags: a.tags,
      count: a.count,
      event_indexes: a.eventIndexes,
      summary: a.summary,
      fields: a.fields,
      first_seen: iso(a.firstSeenMs),
      last_seen: iso(a.lastSeenMs),
      version: a.version,
      ...(a.suppression !== null && { suppressed_until: iso(a.suppression.untilMs) }),
    },
    actor: { ...c.actor },
    ...(c.comment !== '' && { comment: c.comment }),
  };
}
