// Ships the spool to the server in batches (POST /v1/agents/events, signed) and acknowledges to the
// spool only what the server answered for: accepted, duplicate (already in the log: the event id
// is the idempotency key) or quarantined (kept by the server with its reason). A batch that fails
// is retried as-is with backoff, so a killed agent or server loses nothing and the log holds each
// event once. Never throws into the runtime: failures are counted and shown in health().
import type { IngestResponse } from '@keywatch/protocol';
import type { FileSpool } from '../spool/file-spool.ts';
import type { SpoolRecord } from '../spool/spool-record.ts';

export interface ShipperOptions {
  spool: FileSpool;
  /** Sends JSON text (signed by the caller's transport) and resolves with the answer. */
  post: (path: string, json: string) => Promise<unknown>;
  /** Records per request (default 1000; the server takes at most 10,000). */
  batchRecords?: number;
  /** Bytes per request, about (default 4 MiB). */
  batchBytes?: number;
  /** Longest pause between retries (default 30 s). */
  maxBackoffMs?: number;
  log?: (level: 'warn' | 'info', message: string) => void;
}

export class AgentShipper {
  shipped = 0;
  failures = 0;
  lastError: string | undefined;
  lastShipMs: number | undefined;
  private stopped = false;
  private loop: Promise<void> | undefined;
  private wake: (() => void) | undefined;

  constructor(private readonly opts: ShipperOptions) {}

  start(): void {
    this.loop ??= this.run();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.wake?.();
    await this.loop;
  }

  health(): Record<string, unknown> {
    return {
      shipped: this.shipped,
      failures: this.failures,
      last_error: this.lastError ?? null,
      last_ship: this.lastShipMs === undefined ? null : new Date(this.lastShipMs).toISOString(),
    };
  }

  private async run(): Promise<void> {
    const { spool } = this.opts;
    let batch: SpoolRecord[] = [];
    let backoff = 100;
    while (!this.stopped) {
      if (batch.length === 0) {
        batch = await spool.read(this.opts.batchRecords ?? 1000, this.opts.batchBytes ?? 4 << 20);
        if (batch.length === 0) {
          await spool.waitForData(1000);
          continue;
        }
      }
      try {
        await this.send(batch);
        await spool.ack(batch[batch.length - 1]!.seq);
        this.shipped += batch.length;
        this.lastShipMs = Date.now();
        this.lastError = undefined;
        batch = [];
        backoff = 100;
      } catch (err) {
        this.failures++;
        this.lastError = (err as Error).message;
        this.opts.log?.(
          'warn',
          `shipping ${batch.length} event(s) failed, will retry: ${this.lastError}`,
        );
        await this.sleep(backoff);
        backoff = Math.min(backoff * 2, this.opts.maxBackoffMs ?? 30_000);
      }
    }
  }

  private async send(batch: SpoolRecord[]): Promise<void> {
    // Each payload is one event's JSON already: splice them instead of parsing and re-serializing.
    const json = `{"events":[${batch.map((r) => r.payload.toString('utf8')).join(',')}]}`;
    const answer = (await this.opts.post('/v1/agents/events', json)) as IngestResponse;
    if (!Array.isArray(answer.results) || answer.results.length !== batch.length)
      throw new Error(
        `the server answered ${answer.results?.length ?? 'no'} results for ${batch.length} events`,
      );
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const t = setTimeout(resolve, ms);
      this.wake = () => {
        clearTimeout(t);
        resolve();
      };
    });
  }
}
