// Throwaway databases for tests: a fresh PostgreSQL database per test file (dropped afterwards)
// and a fresh directory for SQLite files. Real servers and files, no mocks.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';

export const PG_ADMIN_URL =
  process.env['KEYWATCH_TEST_PG_URL'] ?? 'postgres://postgres@127.0.0.1:5432/postgres';

export interface TempDatabase {
  url: string;
  drop(): Promise<void>;
}

export async function createPgDatabase(adminUrl = PG_ADMIN_URL): Promise<TempDatabase> {
  const name = `kw_test_${randomBytes(6).toString('hex')}`;
  await adminQuery(adminUrl, `create database ${name}`);
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    // WITH (FORCE) ends sessions a failed test left open.
    drop: () => adminQuery(adminUrl, `drop database if exists ${name} with (force)`),
  };
}

async function adminQuery(adminUrl: string, text: string): Promise<void> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    await client.query(text);
  } finally {
    await client.end();
  }
}

export function createTempDir(): { dir: string; remove(): void } {
  const dir = mkdtempSync(join(tmpdir(), 'kw-store-'));
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}
