// The scanner: walks what a policy covers, completes each record (quick check, hashing, xattrs),
// checkpoints progress so that a restart resumes, and returns the new set of records. The
// standalone command and the agent module both use it; neither duplicates its logic.
import { setImmediate as yieldLoop } from 'node:timers/promises';
import type { CoverageIssue } from './coverage-issue.ts';
import type { FileRecord } from './file-record.ts';
import { FileHasher } from './file-hasher.ts';
import type { FimBaseline } from './fim-baseline.ts';
import type { FimPolicy } from './fim-policy.ts';
import { FimState } from './fim-state.ts';
import { OwnerNames } from './owner-names.ts';
import { walkPolicy, type WalkEntry } from './path-walker.ts';
import { RecordCompleter, type CompleterStats } from './record-completer.ts';
import { ScanCheckpoint } from './scan-checkpoint.ts';
import { ScanThrottle } from './scan-throttle.ts';
import { statRecord } from './stat-reader.ts';

export interface ScanOptions {
  /** Records to quick-check against (the baseline or the last scan). */
  previous?: FimBaseline | FimState | undefined;
  /** Hash every file whatever the quick check says (the slow cycle; a new baseline). */
  fullRehash?: boolean;
  /** Where progress is checkpointed; a leftover checkpoint is resumed. */
  checkpointPath?: string | undefined;
  onProgress?: (done: number) => void;
  onIssue?: (issue: CoverageIssue) => void;
  signal?: AbortSignal;
}

export interface ScanResult {
  entries: Map<string, FileRecord>;
  issues: CoverageIssue[];
  stats: CompleterStats & { resumed: number; seconds: number; throttledMs: number };
}

export class FimScanner {
  readonly #policy: FimPolicy;
  readonly #hasher: FileHasher;

  constructor(policy: FimPolicy) {
    this.#policy = policy;
    this.#hasher = new FileHasher(policy.hashWorkers);
  }

  /** A full walk of the policy's paths. */
  scan(opts: ScanOptions = {}): Promise<ScanResult> {
    return this.#run((names, onIssue) => walkPolicy(this.#policy, names, onIssue), opts);
  }

  /** Only these paths (a real-time trigger); a path that no longer exists is simply absent. */
  scanPaths(paths: readonly string[], opts: ScanOptions = {}): Promise<ScanResult> {
    return this.#run(function* (names) {
      for (const path of new Set(paths)) {
        const record = statRecord(path, names);
        if (record !== undefined) yield { path, record };
      }
    }, opts);
  }

  async #run(
    walk: (names: OwnerNames, onIssue: (i: CoverageIssue) => void) => Iterable<WalkEntry>,
    opts: ScanOptions,
  ): Promise<ScanResult> {
    const started = performance.now();
    const entries = new Map<string, FileRecord>();
    const issues: CoverageIssue[] = [];
    const onIssue = (i: CoverageIssue): void => {
      issues.push(i);
      opts.onIssue?.(i);
    };
    const checkpoint = opts.checkpointPath ? new ScanCheckpoint(opts.checkpointPath) : undefined;
    const resumed = checkpoint?.load() ?? new Map<string, FileRecord>();
    const throttle = new ScanThrottle(this.#policy.throttle);
    let done = 0;
    const completer = new RecordCompleter(
      this.#hasher,
      throttle,
      this.#policy.maxFileSize,
      onIssue,
      (path, record) => {
        entries.set(path, record);
        checkpoint?.add(path, record);
        opts.onProgress?.(++done);
      },
    );
    const previous = opts.previous;
    const priorOf =
      previous instanceof FimState
        ? (path: string) => previous.get(path)
        : (path: string) => previous?.entries[path];
    let n = 0;
    try {
      for (const { path, record } of walk(new OwnerNames(), onIssue)) {
        const prior = resumed.get(path) ?? priorOf(path);
        // A resumed record was hashed by this very scan cycle, so it counts even on a re-hash.
        const rehash = opts.fullRehash === true && !resumed.has(path);
        await completer.add(path, record, prior, rehash);
        // Sync lstat keeps the walk fast; yielding now and then keeps the agent responsive.
        if (++n % 512 === 0) {
          await yieldLoop();
          opts.signal?.throwIfAborted();
        }
      }
      await completer.finish();
    } catch (e) {
      checkpoint?.close();
      throw e;
    }
    checkpoint?.complete();
    return {
      entries,
      issues,
      stats: {
        ...completer.stats,
        resumed: resumed.size,
        seconds: (performance.now() - started) / 1000,
        throttledMs: throttle.sleptMs,
      },
    };
  }

  close(): Promise<void> {
    return this.#hasher.close();
  }
}
