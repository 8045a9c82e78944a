// The one shape every channel implements (webhook, email, syslog). A notifier never throws for a
// delivery problem: it answers with a verdict the dispatcher turns into delivered, a retry, or a
// permanent failure. Verdict texts go into the audit log, so they never carry a secret.
import type { NotificationPayload } from './notification-payload.ts';

export interface Notification {
  /** The idempotency key: the same on every attempt of this notification. */
  id: string;
  channel: string;
  alertId: string;
  /** The exact JSON text stored in the outbox (what a webhook signs and posts). */
  body: string;
  payload: NotificationPayload;
  /** 1 for the first attempt. */
  attempt: number;
}

export type DeliveryVerdict =
  | { status: 'delivered'; detail: string }
  /** Worth trying again later (timeout, refused connection, 5xx, 408, 429, SMTP 4xx). */
  | { status: 'retry'; detail: string }
  /** The receiver refused for good (4xx, SMTP 5xx): retrying cannot help. */
  | { status: 'failed'; detail: string };

export interface Notifier {
  readonly kind: 'webhook' | 'email' | 'syslog' | (string & {});
  send(notification: Notification): Promise<DeliveryVerdict>;
  /** Releases connections; pending sends finish first. */
  close(): Promise<void>;
}
