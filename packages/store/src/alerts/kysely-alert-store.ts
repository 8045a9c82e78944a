// The AlertStore on either dialect, over the LogStore's own Kysely instance (so SQLite writes share
// its connection mutex with appendBatch). Obtained through LogStore.alerts().
import { sql, type Kysely } from 'kysely';
import type {
  AlertFilter,
  AlertRecord,
  AlertStore,
  AlertSummary,
  AlertWrite,
  DetectionApply,
  OutboxItem,
  OutboxOutcome,
  OutboxRow,
  OutboxState,
} from '../alert-store.ts';
import type { Database, DialectName } from '../schema.ts';
import { StoreError } from '../store-error.ts';
import { encodeText } from '../text-codec.ts';
import type { AlertDatabase } from './alert-schema.ts';
import { fromOutboxItem, toOutboxRow } from './alert-row-mappers.ts';
import { listAlerts, readAlert, readDedupeTarget, writeAlert } from './alert-repository.ts';
import { claimDue, countOutbox, listOutbox, settle } from './outbox-repository.ts';
import { inWriteTransaction, type Tx } from './write-transaction.ts';

/** The first key of PG's two-int advisory lock space, distinct from the writer's bigint lock. */
const DEDUPE_LOCK_CLASS = 0x6b77_616c; // "kwal"

export class KyselyAlertStore implements AlertStore {
  private readonly db: Kysely<AlertDatabase>;
  constructor(
    db: Kysely<Database>,
    private readonly dialect: DialectName,
    private readonly mapError: (err: unknown) => unknown,
  ) {
    this.db = db.withTables<Omit<AlertDatabase, keyof Database>>();
  }

  private async run<T>(fn: () => Promise<T>): Promise<T> {
    try {
      return await fn();
    } catch (err) {
      throw err instanceof StoreError ? err : this.mapError(err);
    }
  }

  private write<T>(fn: (tx: Tx) => Promise<T>): Promise<T> {
    return this.run(() => inWriteTransaction(this.db, this.dialect, fn));
  }

  applyDetection(
    dedupeKey: string,
    windowStartMs: number,
    decide: (current: AlertRecord | undefined) => AlertWrite | undefined,
  ): Promise<AlertWrite | undefined> {
    return this.applyDetections([{ dedupeKey, windowStartMs, decide }]).then(([w]) => w);
  }

  applyDetections(items: readonly DetectionApply[]): Promise<(AlertWrite | undefined)[]> {
    if (items.length === 0) return Promise.resolve([]);
    return this.write(async (tx) => {
      // Two servers that see the same detection at once must fold it, not open two alerts. The
      // group's locks are taken in one statement, in hash order: two servers locking overlapping
      // groups cannot wait on each other in a cycle.
      if (this.dialect === 'postgres') {
        const keys = [...new Set(items.map((i) => encodeText(i.dedupeKey)))];
        await sql`select pg_advisory_xact_lock(${DEDUPE_LOCK_CLASS}::int4, h)
          from (select distinct hashtext(k) as h from unnest(${keys}::text[]) as k order by h) as locks`.execute(
          tx,
        );
      }
      const writes: (AlertWrite | undefined)[] = [];
      for (const { dedupeKey, windowStartMs, decide } of items) {
        const current = await readDedupeTarget(tx, dedupeKey, windowStartMs);
        const write = decide(current);
        if (write !== undefined) await writeAlert(tx, write, current?.version ?? 0);
        writes.push(write);
      }
      return writes;
    });
  }

  changeAlert(id: string, change: (current: AlertRecord) => AlertWrite): Promise<AlertWrite> {
    return this.write(async (tx) => {
      const current = await readAlert(tx, id, this.dialect === 'postgres');
      if (current === undefined) throw new StoreError('NOT_FOUND', `no alert ${id}`);
      const write = change(current);
      if (write.alert.id !== id)
        throw new StoreError(
          'INVALID_QUERY',
          `a change of alert ${id} wrote alert ${write.alert.id}`,
        );
      await writeAlert(tx, write, current.version);
      return write;
    });
  }

  getAlert(id: string): Promise<AlertRecord | undefined> {
    return this.run(() => readAlert(this.db, id, false));
  }

  listAlerts(filter: AlertFilter, limit: number): Promise<AlertSummary[]> {
    return this.run(async () => listAlerts(this.db, filter, checkLimit(limit)));
  }

  enqueueNotifications(items: readonly OutboxItem[]): Promise<void> {
    if (items.length === 0) return Promise.resolve();
    return this.run(async () => {
      await this.db.insertInto('alert_outbox').values(items.map(fromOutboxItem)).execute();
    });
  }

  claimNotifications(opts: {
    owner: string;
    nowMs: number;
    leaseMs: number;
    limit: number;
  }): Promise<OutboxRow[]> {
    return this.run(async () => {
      checkLimit(opts.limit);
      if (!Number.isSafeInteger(opts.leaseMs) || opts.leaseMs < 1)
        throw new StoreError(
          'INVALID_QUERY',
          `leaseMs must be a positive integer, got ${opts.leaseMs}`,
        );
      return claimDue(this.db, this.dialect, opts);
    });
  }

  settleNotifications(outcomes: readonly OutboxOutcome[]): Promise<boolean[]> {
    if (outcomes.length === 0) return Promise.resolve([]);
    return this.write(async (tx) => {
      const applied: boolean[] = [];
      for (const o of outcomes) applied.push(await settle(tx, o));
      return applied;
    });
  }

  getNotification(id: string): Promise<OutboxRow | undefined> {
    return this.run(async () => {
      const row = await this.db
        .selectFrom('alert_outbox')
        .selectAll()
        .where('id', '=', encodeText(id))
        .executeTakeFirst();
      return row && toOutboxRow(row);
    });
  }

  listNotifications(opts: {
    alertId?: string;
    state?: OutboxState;
    limit: number;
  }): Promise<OutboxRow[]> {
    return this.run(async () => listOutbox(this.db, { ...opts, limit: checkLimit(opts.limit) }));
  }

  countNotifications(): Promise<Record<OutboxState, number>> {
    return this.run(() => countOutbox(this.db));
  }
}

function checkLimit(limit: number): number {
  if (!Number.isSafeInteger(limit) || limit < 1)
    throw new StoreError('INVALID_QUERY', `limit must be a positive integer, got ${limit}`);
  return limit;
}
