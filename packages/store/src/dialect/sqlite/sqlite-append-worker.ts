// Runs in the append thread of an embedded log (sqlite-append-thread.ts): its own connection to
// the database file, the same SqliteAppender as the inline path, one batch per message in the
// order they come. The reply carries a failure as data (code and message), so that the caller can
// tell a constraint error (a conflicting append) from an unavailable database.
import { parentPort, workerData } from 'node:worker_threads';
import Database from 'better-sqlite3';
import type { AppendBatch } from '../../log-store.ts';
import { configureSqlite } from './sqlite-config.ts';
import { SqliteAppender } from './sqlite-append.ts';

export type AppendReply = { ok: true } | { ok: false; code: string | undefined; message: string };

const sqlite = new Database((workerData as { path: string }).path);
configureSqlite(sqlite);
const appender = new SqliteAppender(sqlite);

parentPort!.on('message', (batch: AppendBatch) => {
  let reply: AppendReply;
  try {
    appender.append(batch);
    reply = { ok: true };
  } catch (err) {
    const code = (err as { code?: unknown }).code;
    reply = {
      ok: false,
      code: typeof code === 'string' ? code : undefined,
      message: (err as Error).message,
    };
  }
  parentPort!.postMessage(reply);
});
