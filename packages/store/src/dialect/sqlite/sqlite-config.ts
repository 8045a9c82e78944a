// The settings every connection to an embedded log runs with, the append thread's included.
// WAL lets readers run beside the writer; synchronous=FULL makes every commit fsync the WAL, so a
// resolved append survives power loss, not just a crash.
import type Database from 'better-sqlite3';

/** How long a statement waits for another connection's write lock before failing. */
export const BUSY_TIMEOUT_MS = 10_000;

export function configureSqlite(sqlite: Database.Database): void {
  // busy_timeout first: switching to WAL needs a lock that another process may hold briefly.
  sqlite.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
  const mode = sqlite.pragma('journal_mode = WAL', { simple: true });
  if (mode !== 'wal') throw new Error(`journal_mode is ${String(mode)}, not wal`);
  sqlite.pragma('synchronous = FULL');
  sqlite.pragma('foreign_keys = ON');
}
