// Keeps a scan within a bytes/s budget and a CPU budget (percent of one core, measured with
// process.cpuUsage, which counts every thread including the hash workers) by sleeping.
import { setTimeout as sleep } from 'node:timers/promises';

export class ScanThrottle {
  readonly #bytesPerSec: number;
  readonly #cpuPercent: number;
  readonly #started = performance.now();
  readonly #cpuStart = process.cpuUsage();
  #bytes = 0;
  sleptMs = 0;

  constructor(budget: { bytesPerSec: number; cpuPercent: number }) {
    this.#bytesPerSec = budget.bytesPerSec;
    this.#cpuPercent = budget.cpuPercent;
  }

  get active(): boolean {
    return this.#bytesPerSec > 0 || this.#cpuPercent > 0;
  }

  /** Call after reading `bytes`; waits as long as the budgets require. */
  async account(bytes: number): Promise<void> {
    this.#bytes += bytes;
    if (!this.active) return;
    const elapsed = performance.now() - this.#started;
    let wait = 0;
    if (this.#bytesPerSec > 0) wait = (this.#bytes / this.#bytesPerSec) * 1000 - elapsed;
    if (this.#cpuPercent > 0) {
      const u = process.cpuUsage(this.#cpuStart);
      const cpuMs = (u.user + u.system) / 1000;
      wait = Math.max(wait, (cpuMs * 100) / this.#cpuPercent - elapsed);
    }
    if (wait > 5) {
      const ms = Math.min(wait, 1000);
      this.sleptMs += ms;
      await sleep(ms);
    }
  }
}
