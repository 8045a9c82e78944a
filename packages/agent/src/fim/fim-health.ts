// What the FIM module reports with each heartbeat: scan figures, change counts, and every
// coverage gap by kind (with the most recent ones), so a gap is never silent.
import type { ChangeKind } from './baseline-diff.ts';
import type { CoverageIssue } from './coverage-issue.ts';
import type { ScanResult } from './fim-scanner.ts';

export class FimHealth {
  watching = false;
  restores = 0;
  pervasive = 0;
  lastError: string | undefined;
  #scans = { full: 0, targeted: 0 };
  #last: Record<string, unknown> | undefined;
  readonly #changes: Partial<Record<ChangeKind, number>> = {};
  readonly #coverage: Record<string, number> = {};
  readonly #recent: CoverageIssue[] = [];
  readonly #reported = new Set<string>();

  /** Counts the issue; true when it is new (not reported before), so it deserves an event. */
  noteIssue(i: CoverageIssue): boolean {
    this.#coverage[i.kind] = (this.#coverage[i.kind] ?? 0) + 1;
    this.#recent.push(i);
    if (this.#recent.length > 20) this.#recent.shift();
    const key = `${i.kind}\0${i.path}`;
    if (this.#reported.has(key)) return false;
    this.#reported.add(key);
    return true;
  }

  scanned(r: ScanResult, kind: 'full' | 'targeted'): void {
    this.#scans[kind]++;
    this.#last = {
      kind,
      at: new Date().toISOString(),
      seconds: r.stats.seconds,
      files: r.stats.files,
      hashed: r.stats.hashed,
      reused: r.stats.reused,
      resumed: r.stats.resumed,
      throttledMs: r.stats.throttledMs,
    };
  }

  changed(kind: ChangeKind): void {
    this.#changes[kind] = (this.#changes[kind] ?? 0) + 1;
  }

  snapshot(): Record<string, unknown> {
    return {
      watching: this.watching,
      scans: { ...this.#scans },
      lastScan: this.#last,
      changes: { ...this.#changes },
      coverage: { ...this.#coverage },
      recentGaps: this.#recent.filter((i) => i.kind !== 'symlink_root_followed'),
      restores: this.restores,
      pervasive: this.pervasive,
      ...(this.lastError !== undefined && { lastError: this.lastError }),
    };
  }
}
