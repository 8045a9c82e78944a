// A migrated store on a throwaway database of either dialect: a SQLite file in a temp directory,
// or a fresh PostgreSQL database at KEYWATCH_TEST_PG_URL (default: the local server), dropped
// afterwards. reopen() opens another handle on the same database, as a restarted process would.
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { openPostgresStore, type LogStore } from '@keywatch/store';
import { tempSqliteStore, type TempStore } from './fixtures.ts';

const PG_ADMIN_URL =
  process.env['KEYWATCH_TEST_PG_URL'] ?? 'postgres://postgres@127.0.0.1:5432/postgres';

async function admin(sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: PG_ADMIN_URL });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

export async function tempPostgresStore(): Promise<TempStore> {
  const name = `kw_alert_${randomBytes(6).toString('hex')}`;
  await admin(`create database ${name}`);
  const url = new URL(PG_ADMIN_URL);
  url.pathname = `/${name}`;
  const opened: LogStore[] = [];
  const open = async (): Promise<LogStore> => {
    const s = await openPostgresStore({ url: url.toString(), poolSize: 4 });
    await s.migrate();
    opened.push(s);
    return s;
  };
  return {
    store: await open(),
    path: name,
    reopen: open,
    async cleanup() {
      for (const s of opened) await s.close().catch(() => undefined);
      await admin(`drop database if exists ${name} with (force)`);
    },
  };
}

export const DIALECTS: [string, () => Promise<TempStore>][] = [
  ['sqlite', tempSqliteStore],
  ['postgres', tempPostgresStore],
];
