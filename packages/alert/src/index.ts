// The public surface of @keywatch/alert: the alert model and lifecycle, the service over the
// store, the notifier channels, and the outbox dispatcher (docs/alerts.md).
export { AlertError, ALERT_ERROR_CODES } from './alert-error.ts';
export type { AlertErrorCode } from './alert-error.ts';
export { ALERT_EVENT_TYPES, SYSTEM_ACTOR, severityRank } from './model/alert-model.ts';
export type {
  Alert,
  AlertActor,
  AlertChange,
  AlertEventType,
  AlertHistoryEntry,
  AlertSeverity,
  AlertStatus,
  AlertSummary,
  Detection,
} from './model/alert-model.ts';
export {
  acknowledgeAlert,
  foldDetection,
  MAX_EVENT_INDEXES,
  openAlert,
  resolveAlert,
  suppressAlert,
} from './model/alert-lifecycle.ts';
export { checkDetection } from './model/detection-check.ts';
export {
  alertChangeEvent,
  notificationEvent,
  NOTIFICATION_EVENT_TYPES,
} from './model/alert-events.ts';
export type { NotificationEventType, NotificationOutcome } from './model/alert-events.ts';
export { AlertService } from './alert-service.ts';
export type { AlertResult, AlertServiceOptions } from './alert-service.ts';
export { DEFAULT_ROUTED_EVENTS, routeChange, checkRoutes } from './notify/channel-routing.ts';
export type { ChannelRoute } from './notify/channel-routing.ts';
export { notificationPayload } from './notify/notification-payload.ts';
export type { NotificationPayload } from './notify/notification-payload.ts';
export type { DeliveryVerdict, Notification, Notifier } from './notify/notifier.ts';
export { WebhookNotifier, verdictFor } from './channels/webhook/webhook-notifier.ts';
export type { WebhookOptions } from './channels/webhook/webhook-notifier.ts';
export {
  SIGNATURE_HEADER,
  signWebhookBody,
  verifyWebhookSignature,
} from './channels/webhook/webhook-signature.ts';
export { EmailNotifier, verdictForSmtpError } from './channels/email/email-notifier.ts';
export type { EmailOptions } from './channels/email/email-notifier.ts';
export { emailContent } from './channels/email/email-message.ts';
export type { EmailContent } from './channels/email/email-message.ts';
export { SyslogNotifier } from './channels/syslog/syslog-notifier.ts';
export type { SyslogOptions } from './channels/syslog/syslog-notifier.ts';
export { rfc5424Message, truncateUtf8 } from './channels/syslog/rfc5424-message.ts';
export type { Rfc5424Options } from './channels/syslog/rfc5424-message.ts';
export type { SyslogTarget } from './channels/syslog/syslog-transport.ts';
export { OutboxDispatcher } from './outbox/outbox-dispatcher.ts';
export type { DispatcherOptions } from './outbox/outbox-dispatcher.ts';
export { retryDelayMs } from './outbox/retry-backoff.ts';
export type { BackoffPolicy } from './outbox/retry-backoff.ts';
