// Picks the dialect from configuration: a postgres:// URL selects PostgreSQL; otherwise the log is
// embedded in dataDir/keywatch.db, and dataDir is created owner-only (it also holds the signing key).
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { openPostgresStore } from './dialect/postgres/postgres-log-store.ts';
import { openSqliteStore } from './dialect/sqlite/sqlite-log-store.ts';
import type { LogStore } from './log-store.ts';
import { StoreError } from './store-error.ts';

export async function openStore(opts: {
  databaseUrl?: string;
  dataDir: string;
}): Promise<LogStore> {
  const url = opts.databaseUrl;
  if (url !== undefined && url !== '') {
    if (/^postgres(ql)?:\/\//i.test(url)) return openPostgresStore({ url });
    // Falling back to SQLite here would silently split the log across two databases.
    throw new StoreError(
      'DATABASE_UNAVAILABLE',
      `unsupported database URL (expected postgres://…): ${url.split(':')[0]}:…`,
    );
  }
  try {
    mkdirSync(opts.dataDir, { recursive: true, mode: 0o700 });
  } catch (err) {
    throw new StoreError(
      'DATABASE_UNAVAILABLE',
      `cannot create the data directory ${opts.dataDir}: ${(err as Error).message}`,
      { cause: err },
    );
  }
  return openSqliteStore({ path: join(opts.dataDir, 'keywatch.db') });
}
