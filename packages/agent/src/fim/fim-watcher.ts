// Real-time notice through chokidar (inotify): a trigger for targeted rescans, never the truth.
// Paths are collected and handed over in debounced batches. Coverage problems become issues:
// inotify's watch limit (ENOSPC), too many open files, permission errors, and a trigger queue
// that grew past its bound — which drops the batch and asks for a full rescan instead. A trigger
// for a path that did not change costs one lstat.
import { realpathSync, type Stats } from 'node:fs';
import { basename, join } from 'node:path';
import { watch, type FSWatcher } from 'chokidar';
import type { CoverageIssue } from './coverage-issue.ts';
import type { FimPolicy } from './fim-policy.ts';
import { GlobSet, hasGlob, staticPrefix } from './glob-pattern.ts';

export interface WatcherHandlers {
  onPaths(paths: string[]): void;
  onFullRescan(): void;
  onIssue(issue: CoverageIssue): void;
}

export class FimWatcher {
  readonly #watcher: FSWatcher;
  readonly #pending = new Set<string>();
  readonly #maxQueue: number;
  #timer: NodeJS.Timeout | undefined;
  ready: Promise<void>;

  constructor(
    policy: FimPolicy,
    private readonly handlers: WatcherHandlers,
    opts: { debounceMs?: number; maxQueue?: number } = {},
  ) {
    this.#maxQueue = opts.maxQueue ?? 10_000;
    const debounce = opts.debounceMs ?? 250;
    const exclude = new GlobSet([...policy.exclude, ...policy.paths.flatMap((r) => r.exclude)]);
    const roots = policy.paths.map((r) => {
      const p = hasGlob(r.path) ? staticPrefix(r.path) : r.path;
      try {
        return policy.followSymlinkRoots ? realpathSync(p) : p;
      } catch {
        return p; // missing: chokidar reports it when it appears
      }
    });
    // Directories only (and roots that are files): an inotify watch on a directory reports
    // writes, attribute changes, creations and removals of the files in it, by name, through the
    // 'raw' events below. A watch per file as well cost chokidar about 2 KiB of heap each (its
    // fs.watch handle, closures and a retained Stats) — 40 MB for 20,000 files, half an idle
    // agent's memory (docs/agents.md, "Running the agent on a host") — and an inotify watch each.
    const rootSet = new Set(roots);
    this.#watcher = watch(roots, {
      ignoreInitial: true,
      followSymlinks: false,
      ignored: (p: string, stats?: Stats) =>
        exclude.matches(p) || (stats !== undefined && !stats.isDirectory() && !rootSet.has(p)),
    });
    this.ready = new Promise((resolve) => this.#watcher.once('ready', () => resolve()));
    this.#watcher.on('all', (_event, path) => this.#add(path, debounce));
    // chokidar drops a 'change' whose mtime did not move when atime > mtime — exactly a chmod,
    // chown, setfacl or setfattr on a file read since its last write (as our own hashing does).
    // The raw fs.watch events still carry them, so they are triggers too.
    this.#watcher.on('raw', (_event, name: string | null, details: unknown) => {
      const watched = (details as { watchedPath?: string } | undefined)?.watchedPath;
      if (!watched) return;
      // A file's own watcher names the file itself; a directory's watcher names a child.
      this.#add(!name || basename(watched) === name ? watched : join(watched, name), debounce);
    });
    this.#watcher.on('error', (e) => this.handleError(e as NodeJS.ErrnoException));
  }

  get pending(): number {
    return this.#pending.size;
  }

  #add(path: string, debounce: number): void {
    this.#pending.add(path);
    if (this.#pending.size > this.#maxQueue) {
      this.#pending.clear();
      clearTimeout(this.#timer);
      this.#timer = undefined;
      this.handlers.onIssue({
        kind: 'queue_overflow',
        path,
        detail: `more than ${this.#maxQueue} pending changes: full rescan`,
      });
      this.handlers.onFullRescan();
      return;
    }
    this.#timer ??= setTimeout(() => {
      this.#timer = undefined;
      const paths = [...this.#pending];
      this.#pending.clear();
      this.handlers.onPaths(paths);
    }, debounce);
  }

  /** Maps a watcher error onto a coverage issue (public so the mapping can be exercised directly). */
  handleError(e: NodeJS.ErrnoException): void {
    const path = e.path ?? '';
    if (e.code === 'ENOSPC')
      this.handlers.onIssue({
        kind: 'watch_limit',
        path,
        detail:
          'inotify watch limit reached (raise fs.inotify.max_user_watches); relying on scheduled scans',
      });
    else if (e.code === 'EACCES' || e.code === 'EPERM')
      this.handlers.onIssue({ kind: 'unreadable', path, detail: `watch: ${e.code}` });
    else
      this.handlers.onIssue({
        kind: 'watch_error',
        path,
        detail: `${e.code ?? ''} ${e.message}`.trim(),
      });
  }

  async close(): Promise<void> {
    clearTimeout(this.#timer);
    await this.#watcher.close();
  }
}
