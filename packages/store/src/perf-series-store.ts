// The storage contract of performance time series (migration 0005-keys): each sample is folded at
// write time into three resolutions — raw (0), 1 minute (60) and 1 hour (3600) — as count, sum,
// min and max per bucket, so a chart over a day reads 1,440 rows, not 8,640 raw ones. Retention
// deletes old buckets per resolution.

export type PerfResolution = 0 | 60 | 3600;
export const PERF_RESOLUTIONS: readonly PerfResolution[] = [0, 60, 3600];

export interface PerfSample {
  host: string;
  metric: string;
  tsMs: number;
  value: number;
}

export interface PerfPoint {
  /** Bucket start (raw: the sample's time). */
  tsMs: number;
  count: number;
  avg: number;
  min: number;
  max: number;
}

export interface PerfSeriesStore {
  /** Folds samples into every resolution, in one transaction. */
  appendSamples(samples: readonly PerfSample[]): Promise<void>;
  /** Points of one series at one resolution, oldest first, from sinceMs (inclusive) to untilMs. */
  series(
    host: string,
    metric: string,
    resolution: PerfResolution,
    sinceMs: number,
    untilMs?: number,
  ): Promise<PerfPoint[]>;
  /** Deletes buckets of the resolution that start before beforeMs; resolves with the count. */
  prune(resolution: PerfResolution, beforeMs: number): Promise<number>;
  /** Distinct (host, metric) pairs with data since sinceMs at 1-hour resolution. */
  listSeries(sinceMs: number): Promise<{ host: string; metric: string }[]>;
}
