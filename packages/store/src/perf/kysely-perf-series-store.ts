// The PerfSeriesStore on either dialect. A batch is first folded in memory (one row per bucket),
// then upserted with count/sum added and min/max merged, so rollups cost no second pass.
import { sql, type Kysely } from 'kysely';
import type {
  PerfPoint,
  PerfResolution,
  PerfSample,
  PerfSeriesStore,
} from '../perf-series-store.ts';
import { PERF_RESOLUTIONS } from '../perf-series-store.ts';
import type { Database, DialectName } from '../schema.ts';
import { StoreError } from '../store-error.ts';
import type { KeysDatabase, PerfBucketsTable } from '../keys/keys-schema.ts';

/** 8 bound parameters a row: well under SQLite's 32,766. */
const CHUNK = 1000;

export class KyselyPerfSeriesStore implements PerfSeriesStore {
  private readonly db: Kysely<KeysDatabase>;
  constructor(
    db: Kysely<Database>,
    private readonly dialect: DialectName,
    private readonly mapError: (err: unknown) => unknown,
  ) {
    this.db = db.withTables<Omit<KeysDatabase, keyof Database>>();
  }

  private async run<T>(fn: () => Promise<T>): Promise<T> {
    try {
      return await fn();
    } catch (err) {
      throw err instanceof StoreError ? err : this.mapError(err);
    }
  }

  appendSamples(samples: readonly PerfSample[]): Promise<void> {
    const folded = new Map<string, PerfBucketsTable>();
    for (const s of samples) {
      if (!Number.isFinite(s.value)) continue;
      for (const resolution of PERF_RESOLUTIONS) {
        const bucket = resolution === 0 ? s.tsMs : s.tsMs - (s.tsMs % (resolution * 1000));
        const k = `${s.host}\0${s.metric}\0${resolution}\0${bucket}`;
        const b = folded.get(k);
        if (b) {
          b.count += 1;
          b.sum += s.value;
          b.min = Math.min(b.min, s.value);
          b.max = Math.max(b.max, s.value);
        } else
          folded.set(k, {
            host: s.host,
            metric: s.metric,
            resolution,
            bucket_ms: bucket,
            count: 1,
            sum: s.value,
            min: s.value,
            max: s.value,
          });
      }
    }
    const rows = [...folded.values()];
    const least = this.dialect === 'postgres' ? sql.raw('least') : sql.raw('min');
    const greatest = this.dialect === 'postgres' ? sql.raw('greatest') : sql.raw('max');
    return this.run(async () => {
      await this.db.transaction().execute(async (trx) => {
        for (let i = 0; i < rows.length; i += CHUNK) {
          await trx
            .insertInto('perf_buckets')
            .values(rows.slice(i, i + CHUNK))
            .onConflict((oc) =>
              oc.columns(['host', 'metric', 'resolution', 'bucket_ms']).doUpdateSet({
                count: sql`perf_buckets.count + excluded.count`,
                sum: sql`perf_buckets.sum + excluded.sum`,
                min: sql`${least}(perf_buckets.min, excluded.min)`,
                max: sql`${greatest}(perf_buckets.max, excluded.max)`,
              }),
            )
            .execute();
        }
      });
    });
  }

  series(
    host: string,
    metric: string,
    resolution: PerfResolution,
    sinceMs: number,
    untilMs?: number,
  ): Promise<PerfPoint[]> {
    return this.run(async () => {
      let q = this.db
        .selectFrom('perf_buckets')
        .select(['bucket_ms', 'count', 'sum', 'min', 'max'])
        .where('host', '=', host)
        .where('metric', '=', metric)
        .where('resolution', '=', resolution)
        .where('bucket_ms', '>=', sinceMs);
      if (untilMs !== undefined) q = q.where('bucket_ms', '<', untilMs);
      const rows = await q.orderBy('bucket_ms').execute();
      return rows.map((r) => ({
        tsMs: Number(r.bucket_ms),
        count: Number(r.count),
        avg: Number(r.sum) / Number(r.count),
        min: Number(r.min),
        max: Number(r.max),
      }));
    });
  }

  prune(resolution: PerfResolution, beforeMs: number): Promise<number> {
    return this.run(async () => {
      const r = await this.db
        .deleteFrom('perf_buckets')
        .where('resolution', '=', resolution)
        .where('bucket_ms', '<', beforeMs)
        .executeTakeFirst();
      return Number(r.numDeletedRows);
    });
  }

  listSeries(sinceMs: number): Promise<{ host: string; metric: string }[]> {
    return this.run(async () =>
      this.db
        .selectFrom('perf_buckets')
        .select(['host', 'metric'])
        .distinct()
        .where('resolution', '=', 3600)
        .where('bucket_ms', '>=', sinceMs - 3_600_000)
        .orderBy('host')
        .orderBy('metric')
        .execute(),
    );
  }
}
