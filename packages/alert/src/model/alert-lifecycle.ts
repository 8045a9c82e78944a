// The alert lifecycle, pure (no I/O, no clock): each function takes the current alert and returns
// the change to store and record, or throws AlertError. Valid transitions (docs/alerts.md):
//   open ──acknowledge──▶ acknowledged ──resolve──▶ resolved (final)
//   open ──resolve──▶ resolved;  open | acknowledged ──suppress──▶ suppressed ──resolve──▶ resolved
//   suppressed ──(a match after the expiry)──▶ open (reopened)
// Matches inside the window fold into an open, acknowledged or still-suppressed alert.
import { AlertError } from '../alert-error.ts';
import {
  severityRank,
  SYSTEM_ACTOR,
  type Alert,
  type AlertActor,
  type AlertChange,
  type AlertEventType,
  type AlertStatus,
  type AlertSummary,
  type Detection,
} from './alert-model.ts';

/** Indexes kept on the alert: the first half of the bound, then the most recent half. */
export const MAX_EVENT_INDEXES = 100;

export function openAlert(id: string, d: Detection, atMs: number): AlertChange {
  const alert: AlertSummary = {
    id,
    rule: { id: d.ruleId, title: d.title },
    severity: d.severity,
    tags: [...new Set(d.tags)],
    status: 'open',
    dedupeKey: d.dedupeKey,
    count: d.matches ?? 1,
    eventIndexes: bound(d.eventIndexes),
    summary: d.summary,
    fields: d.fields,
    firstSeenMs: atMs,
    lastSeenMs: atMs,
    updatedMs: atMs,
    suppression: null,
    version: 0,
  };
  return change('alert.opened', alert, 'open', SYSTEM_ACTOR, atMs, '', d.eventIndexes);
}

/** A further match of `alert` (the store found it inside the window, or suppressed). */
export function foldDetection(alert: Alert, d: Detection, atMs: number): AlertChange {
  const merged: AlertSummary = {
    ...alert,
    // Never downgrade: a critical match in a folded series makes the alert critical.
    severity: severityRank(d.severity) > severityRank(alert.severity) ? d.severity : alert.severity,
    count: alert.count + (d.matches ?? 1),
    eventIndexes: bound([...alert.eventIndexes, ...d.eventIndexes]),
    summary: d.summary,
    fields: d.fields,
    lastSeenMs: Math.max(alert.lastSeenMs, atMs),
  };
  if (
    alert.status === 'suppressed' &&
    alert.suppression !== null &&
    atMs >= alert.suppression.untilMs
  ) {
    const reopened = { ...merged, suppression: null };
    return change(
      'alert.reopened',
      reopened,
      'open',
      SYSTEM_ACTOR,
      atMs,
      '',
      d.eventIndexes,
      alert,
    );
  }
  return change(
    'alert.updated',
    merged,
    alert.status,
    SYSTEM_ACTOR,
    atMs,
    '',
    d.eventIndexes,
    alert,
  );
}

export function acknowledgeAlert(
  alert: Alert,
  actor: AlertActor,
  comment: string,
  atMs: number,
): AlertChange {
  requireComment(comment, 'acknowledging');
  allow(alert, ['open'], 'acknowledged');
  return change('alert.acknowledged', alert, 'acknowledged', actor, atMs, comment, [], alert);
}

export function resolveAlert(
  alert: Alert,
  actor: AlertActor,
  comment: string,
  atMs: number,
): AlertChange {
  requireComment(comment, 'resolving');
  allow(alert, ['open', 'acknowledged', 'suppressed'], 'resolved');
  const resolved = { ...alert, suppression: null };
  return change('alert.resolved', resolved, 'resolved', actor, atMs, comment, [], alert);
}

/** Silences further matches until `untilMs`; `reason` is required and becomes the comment. */
export function suppressAlert(
  alert: Alert,
  actor: AlertActor,
  reason: string,
  untilMs: number,
  atMs: number,
): AlertChange {
  requireComment(reason, 'suppressing');
  if (!Number.isSafeInteger(untilMs) || untilMs <= atMs)
    throw new AlertError(
      'INVALID_SUPPRESSION',
      `a suppression must end in the future (until ${untilMs}, now ${atMs})`,
    );
  allow(alert, ['open', 'acknowledged'], 'suppressed');
  const suppressed = { ...alert, suppression: { reason, untilMs } };
  return change('alert.suppressed', suppressed, 'suppressed', actor, atMs, reason, [], alert);
}

function change(
  type: AlertEventType,
  base: AlertSummary,
  status: AlertStatus,
  actor: AlertActor,
  atMs: number,
  comment: string,
  eventIndexes: number[],
  before?: Alert,
): AlertChange {
  const summary: AlertSummary & { history?: unknown } = { ...base };
  delete summary.history; // an Alert passed in: the history is stored apart
  const alert: AlertSummary = { ...summary, status, version: base.version + 1, updatedMs: atMs };
  const fromStatus = before?.status ?? null;
  const history =
    type === 'alert.updated'
      ? []
      : [
          {
            version: alert.version,
            atMs,
            action: type.slice('alert.'.length),
            fromStatus,
            toStatus: status,
            actor,
            comment,
          },
        ];
  return { type, alert, fromStatus, actor, atMs, comment, history, eventIndexes };
}

function allow(alert: Alert, from: AlertStatus[], to: AlertStatus): void {
  if (!from.includes(alert.status))
    throw new AlertError(
      'INVALID_TRANSITION',
      `alert ${alert.id} is ${alert.status}: it cannot become ${to}`,
    );
}

function requireComment(comment: string, doing: string): void {
  if (typeof comment !== 'string' || comment.trim() === '')
    throw new AlertError(
      'COMMENT_REQUIRED',
      `${doing} an alert needs a non-empty comment: the audit trail records why`,
    );
}

function bound(indexes: number[]): number[] {
  if (indexes.length <= MAX_EVENT_INDEXES) return indexes;
  const half = MAX_EVENT_INDEXES / 2;
  return [...indexes.slice(0, half), ...indexes.slice(-half)];
}
