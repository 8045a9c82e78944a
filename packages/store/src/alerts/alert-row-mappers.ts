// Between SQL rows and the records of alert-store.ts. Free text goes through text-codec.ts (a
// comment may carry U+0000, which PG text refuses); JSON columns are JSON text, whose escapes never
// hold a raw NUL.
import type { Insertable, Selectable } from 'kysely';
import type {
  AlertHistoryEntry,
  AlertSeverity,
  AlertStatus,
  AlertSummary,
  OutboxItem,
  OutboxRow,
  OutboxState,
} from '../alert-store.ts';
import { decodeText as dec, encodeText as enc } from '../text-codec.ts';
import type { AlertHistoryTable, AlertOutboxTable, AlertsTable } from './alert-schema.ts';

export function toAlertSummary(r: Selectable<AlertsTable>): AlertSummary {
  return {
    id: dec(r.id),
    rule: { id: dec(r.rule_id), title: dec(r.rule_title) },
    severity: r.severity as AlertSeverity,
    tags: JSON.parse(r.tags) as string[],
    status: r.status as AlertStatus,
    dedupeKey: dec(r.dedupe_key),
    count: r.count,
    eventIndexes: JSON.parse(r.event_indexes) as number[],
    summary: dec(r.summary),
    fields: JSON.parse(r.fields) as Record<string, unknown>,
    firstSeenMs: r.first_seen_ms,
    lastSeenMs: r.last_seen_ms,
    updatedMs: r.updated_ms,
    suppression:
      r.suppress_reason === null || r.suppress_until_ms === null
        ? null
        : { reason: dec(r.suppress_reason), untilMs: r.suppress_until_ms },
    version: r.version,
  };
}

export function fromAlertSummary(a: AlertSummary): Insertable<AlertsTable> {
  return {
    id: enc(a.id),
    rule_id: enc(a.rule.id),
    rule_title: enc(a.rule.title),
    severity: a.severity,
    tags: JSON.stringify(a.tags),
    status: a.status,
    dedupe_key: enc(a.dedupeKey),
    count: a.count,
    event_indexes: JSON.stringify(a.eventIndexes),
    summary: enc(a.summary),
    fields: JSON.stringify(a.fields),
    first_seen_ms: a.firstSeenMs,
    last_seen_ms: a.lastSeenMs,
    updated_ms: a.updatedMs,
    suppress_reason: a.suppression === null ? null : enc(a.suppression.reason),
    suppress_until_ms: a.suppression?.untilMs ?? null,
    version: a.version,
  };
}

export function toHistoryEntry(r: Selectable<AlertHistoryTable>): AlertHistoryEntry {
  return {
    version: r.version,
    atMs: r.at_ms,
    action: dec(r.action),
    fromStatus: r.from_status as AlertStatus | null,
    toStatus: r.to_status as AlertStatus,
    actor: { id: dec(r.actor_id), role: dec(r.actor_role) },
    comment: dec(r.comment),
  };
}

export function fromHistoryEntry(
  alertId: string,
  h: AlertHistoryEntry,
): Insertable<AlertHistoryTable> {
  return {
    alert_id: enc(alertId),
    version: h.version,
    at_ms: h.atMs,
    action: enc(h.action),
    from_status: h.fromStatus,
    to_status: h.toStatus,
    actor_id: enc(h.actor.id),
    actor_role: enc(h.actor.role),
    comment: enc(h.comment),
  };
}

export function toOutboxRow(r: Selectable<AlertOutboxTable>): OutboxRow {
  return {
    id: dec(r.id),
    alertId: dec(r.alert_id),
    channel: dec(r.channel),
    payload: dec(r.payload),
    createdMs: r.created_ms,
    expiresMs: r.expires_ms,
    nextAttemptMs: r.next_attempt_ms,
    state: r.state as OutboxState,
    attempts: r.attempts,
    leaseOwner: r.lease_owner === null ? null : dec(r.lease_owner),
    leaseUntilMs: r.lease_until_ms,
    lastError: r.last_error === null ? null : dec(r.last_error),
    settledMs: r.settled_ms,
  };
}

export function fromOutboxItem(o: OutboxItem): Insertable<AlertOutboxTable> {
  return {
    id: enc(o.id),
    alert_id: enc(o.alertId),
    channel: enc(o.channel),
    payload: enc(o.payload),
    created_ms: o.createdMs,
    expires_ms: o.expiresMs,
    next_attempt_ms: o.nextAttemptMs,
    attempts: 0,
    state: 'pending',
    lease_owner: null,
    lease_until_ms: null,
    last_error: null,
    settled_ms: null,
  };
}
