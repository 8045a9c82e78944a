// Alert and outbox rows for the store's alert tests: valid writes built by hand, since the
// lifecycle that normally builds them lives in @keywatch/alert, above the store.
import type { AlertSummary, AlertWrite, OutboxItem } from '../src/index.ts';

export const T0 = 1_780_000_000_000;

export function alertSummary(id: string, extra: Partial<AlertSummary> = {}): AlertSummary {
  return {
    id,
    rule: { id: 'kms.destroy', title: 'Key destruction scheduled' },
    severity: 'high',
    tags: ['kms', 'destroy'],
    status: 'open',
    dedupeKey: `key:${id}`,
    count: 1,
    eventIndexes: [10],
    summary: 'alice scheduled the destruction of payments-cmk',
    fields: { key: 'payments-cmk', n: 1, nested: { ok: true } },
    firstSeenMs: T0,
    lastSeenMs: T0,
    updatedMs: T0,
    suppression: null,
    version: 1,
    ...extra,
  };
}

export function outboxItem(id: string, extra: Partial<OutboxItem> = {}): OutboxItem {
  return {
    id,
    alertId: 'a-1',
    channel: 'soc-webhook',
    payload: JSON.stringify({ id, type: 'alert.opened' }),
    createdMs: T0,
    expiresMs: T0 + 86_400_000,
    nextAttemptMs: T0,
    ...extra,
  };
}

/** The opening of an alert: version 1, one history entry, optionally notifications. */
export function opening(alert: AlertSummary, outbox: OutboxItem[] = []): AlertWrite {
  return {
    alert,
    history: [
      {
        version: 1,
        atMs: alert.firstSeenMs,
        action: 'opened',
        fromStatus: null,
        toStatus: 'open',
        actor: { id: 'keywatch', role: 'system' },
        comment: '',
      },
    ],
    outbox,
  };
}
