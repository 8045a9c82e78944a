// The alert half of the AlertStore: reads, the keyset list, and the guarded write of one change.
import type { Kysely } from 'kysely';
import type { AlertFilter, AlertRecord, AlertSummary, AlertWrite } from '../alert-store.ts';
import { StoreError } from '../store-error.ts';
import { encodeText } from '../text-codec.ts';
import type { AlertDatabase } from './alert-schema.ts';
import {
  fromAlertSummary,
  fromHistoryEntry,
  fromOutboxItem,
  toAlertSummary,
  toHistoryEntry,
} from './alert-row-mappers.ts';
import type { Tx } from './write-transaction.ts';

export async function withHistory(db: Tx, alert: AlertSummary): Promise<AlertRecord> {
  const rows = await db
    .selectFrom('alert_history')
    .selectAll()
    .where('alert_id', '=', encodeText(alert.id))
    .orderBy('version', 'asc')
    .execute();
  return { ...alert, history: rows.map(toHistoryEntry) };
}

export async function readAlert(
  db: Tx,
  id: string,
  lockRow: boolean,
): Promise<AlertRecord | undefined> {
  const row = await db
    .selectFrom('alerts')
    .selectAll()
    .where('id', '=', encodeText(id))
    .$if(lockRow, (q) => q.forUpdate())
    .executeTakeFirst();
  return row && withHistory(db, toAlertSummary(row));
}

/** The alert a detection folds into: the newest suppressed one, or open/ack inside the window. */
export async function readDedupeTarget(
  db: Tx,
  dedupeKey: string,
  windowStartMs: number,
): Promise<AlertRecord | undefined> {
  const row = await db
    .selectFrom('alerts')
    .selectAll()
    .where('dedupe_key', '=', encodeText(dedupeKey))
    .where((eb) =>
      eb.or([
        eb('status', '=', 'suppressed'),
        eb.and([
          eb('status', 'in', ['open', 'acknowledged']),
          eb('last_seen_ms', '>=', windowStartMs),
        ]),
      ]),
    )
    .orderBy('first_seen_ms', 'desc')
    .orderBy('id', 'desc')
    .limit(1)
    .executeTakeFirst();
  return row && withHistory(db, toAlertSummary(row));
}

/**
 * Writes one change made from the stored version `fromVersion` (0: a new alert). The version check
 * is a guard: callers already hold the row's lock, so a mismatch means a caller bug.
 */
export async function writeAlert(db: Tx, write: AlertWrite, fromVersion: number): Promise<void> {
  const { alert } = write;
  if (alert.version !== fromVersion + 1)
    throw new StoreError(
      'INVALID_QUERY',
      `alert ${alert.id} written as version ${alert.version} over version ${fromVersion}`,
    );
  if (write.history.some((h) => h.version !== alert.version))
    throw new StoreError('INVALID_QUERY', `history entries must carry version ${alert.version}`);
  const row = fromAlertSummary(alert);
  if (fromVersion === 0) {
    await db.insertInto('alerts').values(row).execute();
  } else {
    const r = await db
      .updateTable('alerts')
      .set(row)
      .where('id', '=', row.id)
      .where('version', '=', fromVersion)
      .executeTakeFirst();
    if (r.numUpdatedRows !== 1n)
      throw new StoreError('NOT_FOUND', `alert ${alert.id} at version ${fromVersion} is gone`);
  }
  if (write.history.length > 0)
    await db
      .insertInto('alert_history')
      .values(write.history.map((h) => fromHistoryEntry(alert.id, h)))
      .execute();
  if (write.outbox.length > 0)
    await db.insertInto('alert_outbox').values(write.outbox.map(fromOutboxItem)).execute();
}

export async function listAlerts(
  db: Kysely<AlertDatabase>,
  f: AlertFilter,
  limit: number,
): Promise<AlertSummary[]> {
  const before = f.before;
  const rows = await db
    .selectFrom('alerts')
    .selectAll()
    .$if(f.status !== undefined, (q) => q.where('status', '=', f.status!))
    .$if(f.severity !== undefined, (q) => q.where('severity', '=', f.severity!))
    .$if(f.ruleId !== undefined, (q) => q.where('rule_id', '=', encodeText(f.ruleId!)))
    .$if(f.sinceMs !== undefined, (q) => q.where('last_seen_ms', '>=', f.sinceMs!))
    .$if(before !== undefined, (q) =>
      q.where((eb) =>
        eb.or([
          eb('first_seen_ms', '<', before!.firstSeenMs),
          eb.and([
            eb('first_seen_ms', '=', before!.firstSeenMs),
            eb('id', '<', encodeText(before!.id)),
          ]),
        ]),
      ),
    )
    .orderBy('first_seen_ms', 'desc')
    .orderBy('id', 'desc')
    .limit(limit)
    .execute();
  return rows.map(toAlertSummary);
}
