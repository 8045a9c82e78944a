// Entry of the append thread. On Node 20, tsx's ESM hooks do not reach a worker's entry module
// (nor an import() from an eval'd one), but its require hook does: start here, require the worker.
const { workerData } = require('node:worker_threads');
require(workerData.entry);
