// Everything both dialects run identically, through Kysely. A dialect subclass supplies only what
// differs: opening, the append hot path, the writer lock, closing, and the mapping of driver errors.
import type { Kysely } from 'kysely';
import type {
  AppendBatch,
  CheckpointRow,
  EventFilter,
  LeafRow,
  LogStore,
  QuarantineRow,
  TokenRow,
} from './log-store.ts';
import type { AlertStore } from './alert-store.ts';
import { KyselyAlertStore } from './alerts/kysely-alert-store.ts';
import type { UserStore } from './user-store.ts';
import { KyselyUserStore } from './users/kysely-user-store.ts';
import type { AgentStore } from './agent-store.ts';
import { KyselyAgentStore } from './agents/kysely-agent-store.ts';
import type { FimStore } from './fim-store.ts';
import { KyselyFimStore } from './fim/kysely-fim-store.ts';
import type { KeyInventoryStore } from './key-inventory-store.ts';
import { KyselyKeyInventoryStore } from './keys/kysely-key-inventory-store.ts';
import type { PerfSeriesStore } from './perf-series-store.ts';
import { KyselyPerfSeriesStore } from './perf/kysely-perf-series-store.ts';
import { searchEvents } from './event-search.ts';
import { migrateToLatest } from './migrations/index.ts';
import {
  fromQuarantineRow,
  fromTokenRow,
  toCheckpointRow,
  toQuarantineRow,
  toTokenRow,
} from './row-mappers.ts';
import { decodeText, encodeText, idLookup } from './text-codec.ts';
import type { Database, DialectName } from './schema.ts';
import { StoreError } from './store-error.ts';

/** Bound parameters per IN list: under SQLite's 32,766 and PG's 65,535 limits. */
const IN_CHUNK = 1000;

export abstract class KyselyLogStore implements LogStore {
  abstract readonly dialect: DialectName;
  readonly pipelinedAppends: boolean = false;
  private alertStore: AlertStore | undefined;
  private userStore: UserStore | undefined;
  private agentStore: AgentStore | undefined;
  private fimStore: FimStore | undefined;
  private keyStore: KeyInventoryStore | undefined;
  private perfStore: PerfSeriesStore | undefined;
  protected constructor(protected readonly db: Kysely<Database>) {}

  alerts(): AlertStore {
    return (this.alertStore ??= new KyselyAlertStore(this.db, this.dialect, (e) =>
      this.mapError(e),
    ));
  }

  users(): UserStore {
    return (this.userStore ??= new KyselyUserStore(this.db, (e) => this.mapError(e)));
  }

  agents(): AgentStore {
    return (this.agentStore ??= new KyselyAgentStore(this.db, (e) => this.mapError(e)));
  }

  fim(): FimStore {
    return (this.fimStore ??= new KyselyFimStore(this.db, (e) => this.mapError(e)));
  }

  keys(): KeyInventoryStore {
    return (this.keyStore ??= new KyselyKeyInventoryStore(this.db, (e) => this.mapError(e)));
  }

  perf(): PerfSeriesStore {
    return (this.perfStore ??= new KyselyPerfSeriesStore(this.db, this.dialect, (e) =>
      this.mapError(e),
    ));
  }

  abstract appendBatch(batch: AppendBatch): Promise<void>;
  abstract tryAcquireWriterLock(): Promise<boolean>;
  abstract close(): Promise<void>;
  /** The settings that make a commit durable, as the store's own connections see them. */
  abstract durabilitySettings(): Promise<Record<string, unknown>>;
  /** Driver errors that mean "the database is gone" become DATABASE_UNAVAILABLE; others pass. */
  protected abstract mapError(err: unknown): unknown;

  /** Runs a query, translating driver errors. */
  protected async run<T>(fn: () => Promise<T>): Promise<T> {
    try {
      return await fn();
    } catch (err) {
      throw err instanceof StoreError ? err : this.mapError(err);
    }
  }

  migrate(): Promise<void> {
    return this.run(() => migrateToLatest(this.db, this.dialect));
  }

  logSize(): Promise<number> {
    return this.run(async () => {
      const row = await this.db
        .selectFrom('events')
        .select((eb) => eb.fn.max('idx').as('m'))
        .executeTakeFirst();
      return row?.m == null ? 0 : Number(row.m) + 1;
    });
  }

  findIndexesByIds(ids: readonly string[]): Promise<Map<string, number>> {
    return this.run(async () => {
      const lookup = idLookup(ids);
      const found = new Map<string, number>();
      for (const part of chunks(lookup.stored)) {
        const rows = await this.db
          .selectFrom('events')
          .select(['id', 'idx'])
          .where('id', 'in', part)
          .execute();
        lookup.answer(rows, found);
      }
      return found;
    });
  }

  readHashes(addresses: readonly number[]): Promise<Map<number, Uint8Array>> {
    return this.run(async () => {
      const found = new Map<number, Uint8Array>();
      for (const part of chunks([...new Set(addresses)])) {
        const rows = await this.db
          .selectFrom('merkle_hashes')
          .select(['address', 'hash'])
          .where('address', 'in', part)
          .execute();
        for (const r of rows) found.set(r.address, r.hash);
      }
      const missing = addresses.find((a) => !found.has(a));
      if (missing !== undefined)
        throw new StoreError('NOT_FOUND', `stored Merkle hash ${missing} is missing`);
      return found;
    });
  }

  readLeaf(index: number): Promise<Uint8Array | undefined> {
    return this.run(async () => {
      const row = await this.db
        .selectFrom('events')
        .select('leaf')
        .where('idx', '=', index)
        .executeTakeFirst();
      return row?.leaf;
    });
  }

  readLeaves(start: number, endExclusive: number): Promise<LeafRow[]> {
    return this.run(async () => {
      const rows = await this.db
        .selectFrom('events')
        .select(['idx', 'leaf'])
        .where('idx', '>=', start)
        .where('idx', '<', endExclusive)
        .orderBy('idx', 'asc')
        .execute();
      return rows.map((r) => ({ index: r.idx, leaf: r.leaf }));
    });
  }

  latestCheckpoint(): Promise<CheckpointRow | undefined> {
    return this.run(async () => {
      const row = await this.db
        .selectFrom('checkpoints')
        .selectAll()
        .orderBy('size', 'desc')
        .limit(1)
        .executeTakeFirst();
      return row && toCheckpointRow(row);
    });
  }

  checkpointForSize(size: number): Promise<CheckpointRow | undefined> {
    return this.run(async () => {
      const row = await this.db
        .selectFrom('checkpoints')
        .selectAll()
        .where('size', '=', size)
        .executeTakeFirst();
      return row && toCheckpointRow(row);
    });
  }

  listCheckpoints(opts: { afterSize?: number; limit: number }): Promise<CheckpointRow[]> {
    return this.run(async () => {
      checkLimit(opts.limit);
      const rows = await this.db
        .selectFrom('checkpoints')
        .selectAll()
        .$if(opts.afterSize !== undefined, (q) => q.where('size', '>', opts.afterSize!))
        .orderBy('size', 'asc')
        .limit(opts.limit)
        .execute();
      return rows.map(toCheckpointRow);
    });
  }

  queryEvents(filter: EventFilter, limit: number): Promise<LeafRow[]> {
    return this.run(() => searchEvents(this.db, filter, limit));
  }

  addQuarantine(row: Omit<QuarantineRow, 'id'>): Promise<number> {
    return this.run(async () => {
      const { id } = await this.db
        .insertInto('quarantine')
        .values(fromQuarantineRow(row))
        .returning('id')
        .executeTakeFirstOrThrow();
      return id;
    });
  }

  listQuarantine(opts: {
    limit: number;
    beforeId?: number;
    source?: string;
  }): Promise<QuarantineRow[]> {
    return this.run(async () => {
      checkLimit(opts.limit);
      const rows = await this.db
        .selectFrom('quarantine')
        .selectAll()
        .$if(opts.beforeId !== undefined, (q) => q.where('id', '<', opts.beforeId!))
        .$if(opts.source !== undefined, (q) => q.where('source', '=', encodeText(opts.source!)))
        .orderBy('id', 'desc')
        .limit(opts.limit)
        .execute();
      return rows.map(toQuarantineRow);
    });
  }

  countQuarantine(): Promise<Record<string, number>> {
    return this.run(async () => {
      const rows = await this.db
        .selectFrom('quarantine')
        .select((eb) => ['source', eb.fn.countAll<number>().as('n')])
        .groupBy('source')
        .execute();
      return Object.fromEntries(rows.map((r) => [decodeText(r.source), Number(r.n)]));
    });
  }

  insertToken(row: TokenRow): Promise<void> {
    return this.run(async () => {
      await this.db.insertInto('tokens').values(fromTokenRow(row)).execute();
    });
  }

  findToken(id: string): Promise<TokenRow | undefined> {
    return this.run(async () => {
      const row = await this.db
        .selectFrom('tokens')
        .selectAll()
        .where('id', '=', id)
        .executeTakeFirst();
      return row && toTokenRow(row);
    });
  }

  listTokens(): Promise<TokenRow[]> {
    return this.run(async () => {
      const rows = await this.db
        .selectFrom('tokens')
        .selectAll()
        .orderBy('created_ms')
        .orderBy('id')
        .execute();
      return rows.map(toTokenRow);
    });
  }

  revokeToken(id: string, atMs: number): Promise<boolean> {
    return this.run(async () => {
      const r = await this.db
        .updateTable('tokens')
        .set({ revoked_ms: atMs })
        .where('id', '=', id)
        .where('revoked_ms', 'is', null)
        .executeTakeFirst();
      return r.numUpdatedRows === 1n;
    });
  }

  markTokenUsed(id: string, atMs: number): Promise<boolean> {
    // One conditional UPDATE is atomic on both dialects: of two racing calls, only one sees
    // used_ms still NULL (PG re-checks the WHERE after waiting on the row lock).
    return this.run(async () => {
      const r = await this.db
        .updateTable('tokens')
        .set({ used_ms: atMs })
        .where('id', '=', id)
        .where('single_use', '=', 1)
        .where('used_ms', 'is', null)
        .executeTakeFirst();
      return r.numUpdatedRows === 1n;
    });
  }

  getMeta(key: string): Promise<string | undefined> {
    return this.run(async () => {
      const row = await this.db
        .selectFrom('meta')
        .select('value')
        .where('key', '=', key)
        .executeTakeFirst();
      return row?.value;
    });
  }

  setMeta(key: string, value: string): Promise<void> {
    return this.run(async () => {
      await this.db
        .insertInto('meta')
        .values({ key, value })
        .onConflict((oc) => oc.column('key').doUpdateSet({ value }))
        .execute();
    });
  }
}

function checkLimit(limit: number): void {
  if (!Number.isSafeInteger(limit) || limit < 1)
    throw new StoreError('INVALID_QUERY', `limit must be a positive integer, got ${limit}`);
}

function* chunks<T>(items: readonly T[]): Generator<T[]> {
  for (let i = 0; i < items.length; i += IN_CHUNK) yield items.slice(i, i + IN_CHUNK);
}
