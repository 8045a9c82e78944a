// The commit thread (sqlite-commit-thread.ts): its own connection to the log's database, running
// packed batches (sqlite-append.ts, packBatch) in the order they arrive and answering each once it
// is durable (synchronous = FULL: the WAL is fsynced before COMMIT returns). Plain CommonJS, like
// the checkpointer's thread, so that it starts without tsx.
'use strict';
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.betterSqlite3);

const { makeAppender } = require('./sqlite-append-core.cjs');

try {
  const db = new Database(workerData.path);
  db.pragma(`busy_timeout = ${workerData.busyTimeoutMs}`);
  db.pragma('synchronous = FULL');
  db.pragma(`wal_autocheckpoint = ${workerData.autocheckpoint}`);
  const append = makeAppender(db);
  parentPort.on('message', (msg) => {
    if (msg === 'close') {
      db.close();
      parentPort.close();
      return;
    }
    try {
      if (msg.op === 'settings') {
        const pragma = (name) => db.pragma(name, { simple: true });
        parentPort.postMessage({
          id: msg.id,
          settings: { journal_mode: pragma('journal_mode'), synchronous: pragma('synchronous') },
        });
      } else parentPort.postMessage({ id: msg.id, conflict: append(msg.batch) });
    } catch (err) {
      parentPort.postMessage({
        id: msg.id,
        error: { message: String(err && err.message), code: err && err.code },
      });
    }
  });
} catch (err) {
  // The opener hears of it through the first answer: every request fails with this error.
  const error = { message: String(err && err.message), code: err && err.code };
  parentPort.on('message', (msg) => {
    if (msg === 'close') parentPort.close();
    else parentPort.postMessage({ id: msg.id, error });
  });
}
