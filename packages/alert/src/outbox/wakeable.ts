// A sleep that another caller can cut short: the dispatcher's idle wait between polls.
export class Wakeable {
  private wakeUp: (() => void) | undefined;
  private pending = false;

  sleep(ms: number): Promise<void> {
    if (this.pending) {
      this.pending = false;
      return Promise.resolve();
    }
    return new Promise((resolve) => {
      const done = (): void => {
        clearTimeout(timer);
        this.wakeUp = undefined;
        resolve();
      };
      const timer = setTimeout(done, ms);
      this.wakeUp = done;
    });
  }

  /** Ends the current sleep, or the next one at once if none is running. */
  wake(): void {
    if (this.wakeUp !== undefined) this.wakeUp();
    else this.pending = true;
  }
}
