// Entry of the detection thread. On Node 20, tsx's ESM hooks do not reach a worker's entry module,
// but its require hook does: the thread starts here and requires the TypeScript worker through it.
const { workerData } = require('node:worker_threads');
require(workerData.entry);
