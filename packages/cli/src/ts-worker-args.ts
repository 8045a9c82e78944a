// Worker threads of the CLI run TypeScript like the main thread: through tsx, resolved from here so
// that a command works from any directory. Only the loader is passed on: the process's other node
// flags (--trace-gc, heap sizes …) are refused in a worker's execArgv (ERR_WORKER_INVALID_EXEC_ARGV).
export function tsWorkerExecArgv(): string[] {
  return ['--import', import.meta.resolve('tsx')];
}
