// FIM as an agent module: scheduled scans plus chokidar triggers for targeted rescans; every
// change, coverage gap, pervasive change, baseline and restore becomes an event through ctx.emit.
// The baseline is held compactly (fim-state.ts) and reads like the plain object the runtime uploads
// and downloads (getBaseline/setBaseline); restore takes `{content, attributes}` from wherever the known-good copy lives.
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import type { AgentContext, AgentModule } from '../agent-module.ts';
import { diffEntries, type FimChange } from './baseline-diff.ts';
import { readBaselineFile, writeBaselineFile } from './baseline-file.ts';
import { pieceChunks } from './baseline-json.ts';
import type { CoverageIssue } from './coverage-issue.ts';
import { reportChanges } from './change-reporter.ts';
import { FimHealth } from './fim-health.ts';
import { parseBaseline } from './fim-baseline.ts';
import { baselineEvent, coverageEvent, restoreEvent } from './fim-events.ts';
import { parseFimPolicy } from './fim-policy.ts';
import type { ScanResult } from './fim-scanner.ts';
import { openRun, type FimRun } from './fim-run.ts';
import { FimState } from './fim-state.ts';
import { FimWatcher } from './fim-watcher.ts';
import { restoreFile, type RestoreInput, type RestoreResult } from './restore/file-restorer.ts';

export class FimModule implements AgentModule {
  readonly name = 'fim';
  readonly #health = new FimHealth();
  #run: FimRun | undefined;
  #state: FimState | undefined;
  #queue: Promise<unknown> = Promise.resolve();
  #issueWaits: Promise<void>[] = [];
  /** After adopting a baseline from elsewhere, its hashes are not trusted through the quick check. */
  #rehashNext = false;
  #pendingFull = 0;

  async start(ctx: AgentContext, policyInput: unknown): Promise<void> {
    if (this.#run) await this.stop();
    const policy = parseFimPolicy(policyInput);
    const run = openRun(ctx, policy);
    run.audit?.lookup([]); // learn now whether who-data is available, for health()
    this.#run = run;
    if (!this.#state) {
      const file = readBaselineFile(join(run.dir, 'baseline.json'));
      if (file) this.#state = FimState.fromBaseline(file);
    }
    if (policy.realtime) {
      run.watcher = new FimWatcher(
        policy,
        {
          onPaths: (paths) => void this.rescanPaths(paths.filter(run.inScope)).catch(() => {}),
          onFullRescan: () => void this.scanNow().catch(() => {}),
          onIssue: (i) => this.#issue(i),
        },
        { maxQueue: policy.realtimeQueueMax },
      );
      this.#health.watching = true;
    }
    if (policy.scanIntervalSec > 0) {
      // 0: no schedule (triggers and scanNow only); a scan still queued skips a tick, not piles up.
      run.timer = setInterval(() => {
        if (this.#pendingFull === 0) void this.scanNow().catch(() => {});
      }, policy.scanIntervalSec * 1000);
      run.timer.unref();
    }
    void this.scanNow().catch(() => {}); // the first scan runs in the background: start returns now
  }

  /** Resolves once the watcher has set up its watches (tests, and the runtime's readiness). */
  async watching(): Promise<void> {
    await this.#run?.watcher?.ready;
  }

  /** A full scan now (queued behind any running scan); resolves with the changes it reported. */
  scanNow(): Promise<FimChange[]> {
    this.#pendingFull++;
    return this.#enqueue(() => {
      this.#pendingFull--;
      return this.#fullScan();
    });
  }

  rescanPaths(paths: string[]): Promise<FimChange[]> {
    if (paths.length === 0) return Promise.resolve([]);
    return this.#enqueue(() => this.#targetedScan(paths));
  }

  /** Resolves when every queued scan has finished. */
  async whenIdle(): Promise<void> {
    for (let q = this.#queue; ; q = this.#queue) {
      await q.catch(() => {});
      if (q === this.#queue) return;
    }
  }

  /** The baseline (JSON.stringify gives the plain object's text: fim-state.ts). */
  getBaseline(): FimState | undefined {
    return this.#state;
  }

  /** Adopts a baseline from the server (e.g. after an approved re-baseline); checked first. */
  async setBaseline(baseline: unknown): Promise<void> {
    const b =
      baseline instanceof FimState ? baseline : FimState.fromBaseline(parseBaseline(baseline));
    await this.#enqueue(async () => {
      this.#persist(b);
      this.#rehashNext = true;
    });
  }

  async restore(path: string, input: RestoreInput): Promise<RestoreResult> {
    const run = this.#need();
    return this.#enqueue(async () => {
      try {
        const r = await restoreFile(path, input, join(run.dir, 'quarantine'));
        await run.ctx.emit(
          restoreEvent(
            run.ctx.agentId,
            path,
            {
              sha256: r.sha256,
              verified: true,
              after: r.after,
              ...(r.quarantined && {
                quarantined: {
                  path: r.quarantined.path,
                  sha256: r.quarantined.sha256,
                  before: r.quarantined.record,
                },
              }),
            },
            true,
          ),
        );
        if (this.#state) this.#persist(this.#state.with(new Map([[path, r.after]])));
        this.#health.restores++;
        return r;
      } catch (e) {
        await run.ctx.emit(restoreEvent(run.ctx.agentId, path, { error: String(e) }, false));
        throw e;
      }
    });
  }

  health(): Record<string, unknown> {
    return {
      ...this.#health.snapshot(),
      entries: this.#state?.size ?? 0,
      pendingTriggers: this.#run?.watcher?.pending ?? 0,
      // Who-data degrades visibly, not silently, when the audit log cannot be read.
      whoData: this.#run?.audit
        ? { available: this.#run.audit.available, reason: this.#run.audit.reason }
        : { available: false, reason: 'disabled by policy' },
    };
  }

  async stop(): Promise<void> {
    const run = this.#run;
    if (!run) return;
    this.#run = undefined;
    clearInterval(run.timer);
    run.abort.abort();
    await run.watcher?.close();
    this.#health.watching = false;
    await this.whenIdle();
    await run.scanner.close();
  }

  #need(): FimRun {
    if (!this.#run) throw new Error('fim module is not started');
    return this.#run;
  }

  #enqueue<T>(fn: () => Promise<T>): Promise<T> {
    const next = this.#queue.catch(() => {}).then(fn);
    this.#queue = next.catch((e: unknown) => {
      if (!this.#run || this.#run.abort.signal.aborted) return; // stopped: not an error
      this.#health.lastError = String(e);
      this.#run?.ctx.log('error', `fim: ${String(e)}`);
    });
    return next;
  }

  #issue(i: CoverageIssue): void {
    if (!this.#health.noteIssue(i)) return; // already reported and not cleared
    const run = this.#run;
    if (!run) return;
    const emitted = run.ctx.emit(coverageEvent(run.ctx.agentId, i)).catch((e: unknown) => {
      this.#health.lastError = `coverage event not spooled: ${String(e)}`;
      run.ctx.log('error', `fim: ${this.#health.lastError}`);
    });
    this.#issueWaits.push(emitted);
  }

  #persist(b: FimState): void {
    this.#state = b;
    if (this.#run) writeBaselineFile(join(this.#run.dir, 'baseline.json'), b);
  }

  async #fullScan(): Promise<FimChange[]> {
    const run = this.#need();
    const prev = this.#state;
    const now = new Date().toISOString();
    const rehash =
      !prev ||
      this.#rehashNext ||
      Date.now() - Date.parse(prev.fullHashAt) >= run.policy.fullRehashIntervalSec * 1000;
    this.#rehashNext = false;
    const r = await run.scanner.scan({
      previous: prev,
      fullRehash: rehash,
      checkpointPath: join(run.dir, 'scan.checkpoint'),
      signal: run.abort.signal,
      onIssue: (i) => this.#issue(i),
    });
    this.#health.scanned(r, 'full');
    if (!prev) {
      const b = FimState.from(r.entries, now);
      this.#persist(b);
      for (const [p, rec] of r.entries) run.snapshots.remember(p, rec);
      const hash = createHash('sha256');
      for (const chunk of pieceChunks(b.jsonPieces('entries'), 1024 * 1024)) hash.update(chunk);
      const digest = hash.digest('hex'); // of JSON.stringify(b.entries), made in pieces
      await run.ctx.emit(baselineEvent(run.ctx.agentId, r.entries.size, digest));
      await this.#flushIssues();
      return [];
    }
    const changes = diffEntries(prev, r.entries, run.policy.attributes);
    await reportChanges(run, changes, this.#health);
    await this.#flushIssues();
    this.#persist(FimState.from(r.entries, rehash ? now : prev.fullHashAt, prev.createdAt));
    return changes;
  }

  async #targetedScan(paths: string[]): Promise<FimChange[]> {
    const run = this.#need();
    const prev = this.#state;
    if (!prev) return []; // no baseline yet: the first full scan covers it
    const r: ScanResult = await run.scanner.scanPaths(paths, {
      previous: prev,
      onIssue: (i) => this.#issue(i),
    });
    this.#health.scanned(r, 'targeted');
    const only = new Set(paths);
    const changes = diffEntries(prev, r.entries, run.policy.attributes, only);
    await reportChanges(run, changes, this.#health);
    await this.#flushIssues();
    this.#persist(prev.with(new Map([...only].map((p) => [p, r.entries.get(p)]))));
    return changes;
  }

  async #flushIssues(): Promise<void> {
    const waits = this.#issueWaits;
    this.#issueWaits = [];
    await Promise.all(waits);
  }
}
