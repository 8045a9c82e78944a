// The single-writer guard on PostgreSQL: a session-level advisory lock held on a dedicated
// connection (not a pooled one, which would hand the session to other queries and could drop it).
// Advisory locks are scoped to the database, so every store on this database contends for one key.
// When that connection dies the lock is gone, and the writer must stop (`lost`).
import pg from 'pg';
import { StoreError } from '../../store-error.ts';
import { mapPostgresError } from './postgres-errors.ts';

/** Arbitrary but fixed: "kwwr" (keywatch writer). */
const WRITER_LOCK_KEY = 0x6b777772;

interface Held {
  client: pg.Client;
  lost?: string;
}

export class PostgresWriterLock {
  private held: Held | undefined;
  constructor(private readonly config: pg.ClientConfig) {}

  async tryAcquire(): Promise<boolean> {
    if (this.held) return true;
    const held: Held = { client: new pg.Client(this.config) };
    // Without an error listener a dropped socket would crash the process.
    held.client.on('error', (err) => (held.lost ??= err.message));
    held.client.on('end', () => (held.lost ??= 'the lock connection closed'));
    try {
      await held.client.connect();
      const { rows } = await held.client.query<{ ok: boolean }>(
        'select pg_try_advisory_lock($1) as ok',
        [WRITER_LOCK_KEY],
      );
      if (rows[0]?.ok === true) {
        this.held = held;
        return true;
      }
      await held.client.end();
      return false;
    } catch (err) {
      await held.client.end().catch(() => undefined);
      throw mapPostgresError(err, 'cannot take the writer lock');
    }
  }

  /** Throws WRITER_LOCKED once a held lock was lost: another server may be the writer now. */
  check(): void {
    if (this.held?.lost !== undefined) {
      throw new StoreError(
        'WRITER_LOCKED',
        `the writer lock was lost (${this.held.lost}); this writer must stop`,
      );
    }
  }

  async release(): Promise<void> {
    const held = this.held;
    this.held = undefined;
    // Ending the session releases a session-level advisory lock.
    await held?.client.end().catch(() => undefined);
  }
}
