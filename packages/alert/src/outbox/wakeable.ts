// A sleep that another caller can cut short: the dispatcher workers' idle wait between polls.
// wake() ends every current sleep, or the next one when nobody is sleeping (an enqueue that
// happened while every worker was busy is not missed).
export class Wakeable {
  private readonly sleepers = new Set<() => void>();
  private pending = false;

  sleep(ms: number): Promise<void> {
    if (this.pending) {
      this.pending = false;
      return Promise.resolve();
    }
    return new Promise((resolve) => {
      const done = (): void => {
        clearTimeout(timer);
        this.sleepers.delete(done);
        resolve();
      };
      const timer = setTimeout(done, ms);
      this.sleepers.add(done);
    });
  }

  wake(): void {
    if (this.sleepers.size === 0) this.pending = true;
    for (const done of [...this.sleepers]) done();
  }
}
