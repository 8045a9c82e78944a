// The outbox half of the AlertStore. A claim is one UPDATE … RETURNING over the due rows, atomic on
// both dialects; on PG the candidate rows are locked with SKIP LOCKED so that two dispatchers take
// disjoint sets instead of queueing behind each other, and the outer WHERE repeats the due test so
// a row another claimer leased meanwhile is never taken twice. The candidates are a MATERIALIZED
// CTE: as an IN subquery, PG may run the LIMIT … SKIP LOCKED scan more than once (measured: 16
// rows claimed for a limit of 10).
import { sql, type Kysely } from 'kysely';
import type { OutboxOutcome, OutboxRow, OutboxState } from '../alert-store.ts';
import { OUTBOX_STATES } from '../alert-store.ts';
import type { DialectName } from '../schema.ts';
import { encodeText } from '../text-codec.ts';
import type { AlertDatabase } from './alert-schema.ts';
import { toOutboxRow } from './alert-row-mappers.ts';
import type { Tx } from './write-transaction.ts';

export async function claimDue(
  db: Kysely<AlertDatabase>,
  dialect: DialectName,
  o: { owner: string; nowMs: number; leaseMs: number; limit: number },
): Promise<OutboxRow[]> {
  const rows = await db
    .with(
      (cte) => cte('due').materialized(),
      (q) =>
        q
          .selectFrom('alert_outbox')
          .select('id')
          .where('state', '=', 'pending')
          .where('next_attempt_ms', '<=', o.nowMs)
          .where((w) => w.or([w('lease_until_ms', 'is', null), w('lease_until_ms', '<=', o.nowMs)]))
          .orderBy('next_attempt_ms')
          .orderBy('id')
          .limit(o.limit)
          .$if(dialect === 'postgres', (q) => q.forUpdate().skipLocked()),
    )
    .updateTable('alert_outbox')
    .set({
      lease_owner: encodeText(o.owner),
      lease_until_ms: o.nowMs + o.leaseMs,
      attempts: sql<number>`attempts + 1`,
    })
    .where('id', 'in', (eb) => eb.selectFrom('due').select('due.id'))
    .where('state', '=', 'pending')
    .where((w) => w.or([w('lease_until_ms', 'is', null), w('lease_until_ms', '<=', o.nowMs)]))
    .returningAll()
    .execute();
  return rows
    .map(toOutboxRow)
    .sort((a, b) => a.nextAttemptMs - b.nextAttemptMs || (a.id < b.id ? -1 : 1));
}

export async function settle(tx: Tx, o: OutboxOutcome): Promise<boolean> {
  const free = { lease_owner: null, lease_until_ms: null };
  let q = tx
    .updateTable('alert_outbox')
    .where('id', '=', encodeText(o.id))
    .where('state', '=', 'pending');
  if (o.result === 'delivered') {
    q = q.set({ ...free, state: 'delivered', settled_ms: o.atMs, last_error: null });
  } else {
    q = q.where('lease_owner', '=', encodeText(o.owner));
    q =
      o.result === 'retry'
        ? q.set({ ...free, next_attempt_ms: o.nextAttemptMs, last_error: encodeText(o.error) })
        : q.set({ ...free, state: o.result, settled_ms: o.atMs, last_error: encodeText(o.error) });
  }
  const r = await q.executeTakeFirst();
  return r.numUpdatedRows === 1n;
}

export async function listOutbox(
  db: Kysely<AlertDatabase>,
  o: { alertId?: string; state?: OutboxState; limit: number },
): Promise<OutboxRow[]> {
  const rows = await db
    .selectFrom('alert_outbox')
    .selectAll()
    .$if(o.alertId !== undefined, (q) => q.where('alert_id', '=', encodeText(o.alertId!)))
    .$if(o.state !== undefined, (q) => q.where('state', '=', o.state!))
    .orderBy('created_ms')
    .orderBy('id')
    .limit(o.limit)
    .execute();
  return rows.map(toOutboxRow);
}

export async function countOutbox(db: Kysely<AlertDatabase>): Promise<Record<OutboxState, number>> {
  const rows = await db
    .selectFrom('alert_outbox')
    .select((eb) => ['state', eb.fn.countAll<number>().as('n')])
    .groupBy('state')
    .execute();
  const counts = Object.fromEntries(OUTBOX_STATES.map((s) => [s, 0])) as Record<
    OutboxState,
    number
  >;
  for (const r of rows) counts[r.state as OutboxState] = Number(r.n);
  return counts;
}
