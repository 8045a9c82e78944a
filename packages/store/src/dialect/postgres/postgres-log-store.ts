// The scale-out dialect: a pg pool shared by Kysely and the append hot path, plus one dedicated
// connection for the writer lock. Sessions force synchronous_commit=on, so a resolved appendBatch
// is in the flushed WAL even if the server's default was relaxed.
import pg from 'pg';
import { Kysely, PostgresDialect, sql } from 'kysely';
import { checkBatchShape } from '../../append-batch.ts';
import { KyselyLogStore } from '../../kysely-log-store.ts';
import type { AppendBatch, LogStore } from '../../log-store.ts';
import type { Database as Schema } from '../../schema.ts';
import { idLookup } from '../../text-codec.ts';
import { appendPostgres } from './postgres-append.ts';
import { mapPostgresError } from './postgres-errors.ts';
import { PostgresWriterLock } from './postgres-writer-lock.ts';

const INT8_OID = 20;

/** Connection settings for both the pool and the lock connection. */
function clientConfig(url: string): pg.ClientConfig {
  return {
    connectionString: url,
    options: '-c synchronous_commit=on',
    connectionTimeoutMillis: 10_000,
    // int8 as a JS number, per pool (not pg.types, which is process-global): indexes, sizes and
    // epoch ms all stay far below 2^53.
    types: { getTypeParser: parseInt8AsNumber },
  };
}

function parseInt8AsNumber(oid: number, format?: 'text' | 'binary'): (value: string) => unknown {
  if (oid === INT8_OID) return Number;
  return pg.types.getTypeParser(oid, format ?? 'text') as (value: string) => unknown;
}

export async function openPostgresStore(opts: {
  url: string;
  poolSize?: number;
}): Promise<LogStore> {
  const config = clientConfig(opts.url);
  const pool = new pg.Pool({ ...config, max: opts.poolSize ?? 10 });
  // An idle pooled connection that dies emits here; the next query simply gets a new one.
  pool.on('error', () => undefined);
  try {
    await pool.query('select 1');
  } catch (err) {
    await pool.end().catch(() => undefined);
    throw mapPostgresError(err, `cannot connect to ${redact(opts.url)}`);
  }
  const db = new Kysely<Schema>({ dialect: new PostgresDialect({ pool }) });
  return new PostgresLogStore(pool, db, new PostgresWriterLock(config));
}

class PostgresLogStore extends KyselyLogStore {
  readonly dialect = 'postgres';
  /**
   * Appends run one after another in call order (each waits for the previous to settle), so the
   * sequencer may hand over batch N+1 while N is still on the wire: its canonicalisation and
   * hashing overlap N's round trips instead of waiting for them.
   */
  override readonly pipelinedAppends = true;
  private appendChain: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly pool: pg.Pool,
    db: Kysely<Schema>,
    private readonly lock: PostgresWriterLock,
  ) {
    super(db);
  }

  protected mapError(err: unknown): unknown {
    return mapPostgresError(err);
  }

  /**
   * One named statement over a text[] parameter: its text never changes, so PostgreSQL parses and
   * plans it once per connection. Kysely's `id in ($1 … $n)` was a new statement for every batch
   * size, planned each time.
   */
  override findIndexesByIds(ids: readonly string[]): Promise<Map<string, number>> {
    return this.run(async () => {
      const lookup = idLookup(ids);
      if (lookup.stored.length === 0) return new Map<string, number>();
      const { rows } = await this.pool.query<{ id: string; idx: number }>({
        name: 'kw_find_ids',
        text: 'select id, idx from events where id = any($1::text[])',
        values: [lookup.stored],
      });
      return lookup.answer(rows);
    });
  }

  appendBatch(batch: AppendBatch): Promise<void> {
    const settle = () => undefined;
    const next = this.appendChain.then(settle, settle).then(() => this.appendNow(batch));
    this.appendChain = next;
    return next;
  }

  private appendNow(batch: AppendBatch): Promise<void> {
    return this.run(async () => {
      checkBatchShape(batch);
      this.lock.check();
      const client = await this.pool.connect();
      let broken: Error | undefined;
      try {
        await appendPostgres(client, batch);
      } catch (err) {
        // A connection that failed mid-transaction is not handed out again.
        if (mapPostgresError(err) !== err) broken = err as Error;
        throw err;
      } finally {
        client.release(broken);
      }
    });
  }

  durabilitySettings(): Promise<Record<string, unknown>> {
    return this.run(async () => {
      const { rows } = await sql<{
        synchronous_commit: string;
        fsync: string;
      }>`select current_setting('synchronous_commit') as synchronous_commit, current_setting('fsync') as fsync`.execute(
        this.db,
      );
      return { ...rows[0] };
    });
  }

  tryAcquireWriterLock(): Promise<boolean> {
    return this.lock.tryAcquire();
  }

  async close(): Promise<void> {
    await this.lock.release();
    await this.db.destroy(); // ends the pool
  }
}

function redact(url: string): string {
  return url.replace(/\/\/([^:@/]*):[^@/]*@/, '//$1:***@');
}
