// Spawns crypto-bench-child.ts with this process's loader flags (tsx) and lowers it to nice 19
// (os.setPriority) so the benchmark never competes with the KMS it measures.
import { execFile } from 'node:child_process';
import { setPriority } from 'node:os';

const CHILD = new URL('./crypto-bench-child.ts', import.meta.url).pathname;

export function benchInChild(sliceMs: number, timeoutMs = 30_000): Promise<Record<string, number>> {
  return new Promise((resolve, reject) => {
    const child = execFile(
      process.execPath,
      [...process.execArgv, CHILD, String(sliceMs)],
      { timeout: timeoutMs },
      (err, stdout) => {
        if (err) return reject(new Error(`crypto benchmark: ${err.message}`));
        try {
          resolve(JSON.parse(stdout) as Record<string, number>);
        } catch {
          reject(new Error(`crypto benchmark printed no figures: ${stdout.slice(0, 200)}`));
        }
      },
    );
    try {
      if (child.pid !== undefined) setPriority(child.pid, 19);
    } catch {
      /* not permitted: it still runs, briefly */
    }
  });
}
