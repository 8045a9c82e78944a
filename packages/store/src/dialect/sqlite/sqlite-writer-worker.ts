// The SQLite writer thread's side (sqlite-writer-thread.ts starts it): its own connection to the
// same file, configured like the main one, running the append hot path. Batches arrive in order on
// one port and run one after another, so the log's order is the order of postMessage.
import { parentPort, workerData } from 'node:worker_threads';
import Database from 'better-sqlite3';
import { appendConflict } from '../../append-batch.ts';
import { StoreError } from '../../store-error.ts';
import { SqliteAppender } from './sqlite-append.ts';
import { unpackBatch, type PackedBatch } from './sqlite-batch-codec.ts';
import { isConstraintError, mapSqliteError } from './sqlite-errors.ts';

export interface WriterRequest {
  seq: number;
  batch: PackedBatch;
}
export type WriterReply =
  { seq: number; ok: true } | { seq: number; ok: false; code: string; message: string };

const { path, busyTimeoutMs } = workerData as { path: string; busyTimeoutMs: number };
const port = parentPort!;
let db: Database.Database | undefined;
let appender: SqliteAppender | undefined;

function open(): SqliteAppender {
  db = new Database(path);
  db.pragma(`busy_timeout = ${busyTimeoutMs}`);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.pragma('foreign_keys = ON');
  return new SqliteAppender(db);
}

port.on('message', (msg: WriterRequest | 'close') => {
  if (msg === 'close') {
    db?.close();
    process.exit(0); // ends this thread only
  }
  const { seq, batch } = msg;
  let reply: WriterReply;
  try {
    appender ??= open();
    appender.append(unpackBatch(batch));
    reply = { seq, ok: true };
  } catch (err) {
    const mapped = isConstraintError(err) ? appendConflict(err) : mapSqliteError(err);
    const code = mapped instanceof StoreError ? mapped.code : 'DATABASE_UNAVAILABLE';
    reply = { seq, ok: false, code, message: (mapped as Error).message };
  }
  port.postMessage(reply);
});
