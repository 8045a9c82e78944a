// The baseline of bench/ingest.ts: the rows the server just wrote (id, time, type, leaf), copied
// into a plain table of the same database in 100-row durable transactions — the HTTP batch size —
// with no Merkle hashes, checkpoint, index, validation or HTTP. keywatch's ingest rate divided by
// this rate is the figure that survives a noisy machine.
import { join } from 'node:path';
import Database from 'better-sqlite3';
import pg from 'pg';

const BATCH = 100;
const LIMIT = 200_000;

interface Row {
  idx: number;
  id: string;
  type: number | string;
  leaf: Buffer;
}

function sqliteRate(dataDir: string): number {
  const db = new Database(join(dataDir, 'keywatch.db'));
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  const rows = db
    .prepare(`select idx, id, time_ms as type, leaf from events order by idx limit ?`)
    .all(LIMIT) as Row[];
  db.exec('create table raw_copy (idx integer primary key, id text unique, type text, leaf blob)');
  const insert = db.prepare('insert into raw_copy values (?, ?, ?, ?)');
  const tx = db.transaction((from: number) => {
    for (const r of rows.slice(from, from + BATCH)) insert.run(r.idx, r.id, r.type, r.leaf);
  });
  const t0 = performance.now();
  for (let i = 0; i < rows.length; i += BATCH) tx.immediate(i);
  const secs = (performance.now() - t0) / 1000;
  db.exec('drop table raw_copy');
  db.close();
  return rows.length / secs;
}

async function pgRate(url: string): Promise<number> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    const { rows } = await c.query<Row>(
      `select idx, id, time_ms as type, leaf from events order by idx limit ${LIMIT}`,
    );
    await c.query(
      'create table raw_copy (idx bigint primary key, id text unique, type text, leaf bytea)',
    );
    const t0 = performance.now();
    for (let i = 0; i < rows.length; i += BATCH) {
      const chunk = rows.slice(i, i + BATCH);
      const values = chunk.map(
        (_, j) => `($${4 * j + 1}, $${4 * j + 2}, $${4 * j + 3}, $${4 * j + 4})`,
      );
      await c.query(
        `insert into raw_copy values ${values.join(',')}`,
        chunk.flatMap((r) => [r.idx, r.id, r.type, r.leaf]),
      );
    }
    const secs = (performance.now() - t0) / 1000;
    await c.query('drop table raw_copy');
    return rows.length / secs;
  } finally {
    await c.end();
  }
}

export async function rawInsertRate(
  dialect: 'sqlite' | 'postgres',
  dataDir: string,
  databaseUrl?: string,
): Promise<number> {
  return dialect === 'sqlite' ? sqliteRate(dataDir) : pgRate(databaseUrl!);
}
