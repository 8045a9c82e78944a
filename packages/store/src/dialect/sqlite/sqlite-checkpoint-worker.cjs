// The WAL checkpointer thread (sqlite-checkpointer.ts): its own connection to the log's database,
// copying committed WAL frames into the database file while the writer goes on. Plain CommonJS on
// purpose: it needs only better-sqlite3, so it starts without tsx (about a second of CPU saved).
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.betterSqlite3);

const db = new Database(workerData.path);
db.pragma(`busy_timeout = ${workerData.busyTimeoutMs}`);
// FULL: the checkpoint syncs the WAL before copying and the database file after (sqlite.org/pragma.html#pragma_synchronous).
db.pragma('synchronous = FULL');

parentPort.on('message', (msg) => {
  if (msg === 'close') {
    db.close();
    parentPort.close();
    return;
  }
  try {
    // PASSIVE never takes the writer's lock and never waits for readers (sqlite.org/c3ref/wal_checkpoint_v2.html).
    db.pragma('wal_checkpoint(PASSIVE)');
  } catch {
    // Left to the writer's own automatic checkpoint (sqlite-checkpointer.ts), which bounds the WAL.
  }
  parentPort.postMessage('done');
});
