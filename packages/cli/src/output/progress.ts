// A progress bar on a terminal; plain lines (at most one every two seconds) when stderr is not a
// TTY, so CI logs and pipes stay readable.
import cliProgress from 'cli-progress';

export interface Progress {
  update(done: number): void;
  stop(): void;
}

export function startProgress(label: string, total: number, unit = 'events'): Progress {
  if (process.stderr.isTTY) {
    const bar = new cliProgress.SingleBar(
      {
        format: `${label} [{bar}] {percentage}% | {value}/{total} ${unit} | {rate}/s | eta {eta_formatted}`,
        stream: process.stderr,
        hideCursor: true,
      },
      cliProgress.Presets.shades_classic,
    );
    const started = Date.now();
    bar.start(total, 0, { rate: 0 });
    return {
      update: (done) =>
        bar.update(done, {
          rate: Math.round(done / Math.max(0.001, (Date.now() - started) / 1000)),
        }),
      stop: () => bar.stop(),
    };
  }
  let last = 0;
  const started = Date.now();
  return {
    update(done) {
      const now = Date.now();
      if (now - last < 2000) return;
      last = now;
      const rate = Math.round(done / Math.max(0.001, (now - started) / 1000));
      process.stderr.write(`${label}: ${done}/${total} ${unit} (${rate}/s)\n`);
    },
    stop() {},
  };
}
