// Entry of the SQLite writer thread. On Node 20, tsx's ESM hooks do not reach a worker's entry
// module (import of a .ts file fails with "Unknown file extension"), but its require hook does:
// so the thread starts from this CommonJS file and requires the TypeScript worker through it.
const { workerData } = require('node:worker_threads');
require(workerData.entry);
