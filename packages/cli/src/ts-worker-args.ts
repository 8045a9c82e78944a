// Worker threads of the CLI run TypeScript like the main thread: through tsx, resolved from here so
// that a command works from any directory, unless the process already loads tsx for every thread
// (node --import tsx, as the tests run).
export function tsWorkerExecArgv(): string[] {
  const inherited = process.execArgv.some((a) => a.includes('tsx'));
  return inherited
    ? process.execArgv
    : [...process.execArgv, '--import', import.meta.resolve('tsx')];
}
