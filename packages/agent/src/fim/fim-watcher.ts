// Real-time notice through chokidar (inotify): a trigger for targeted rescans, never the truth.
// Paths are collected and handed over in debounced batches. Coverage problems become issues:
// inotify's watch limit (ENOSPC), too many open files, permission errors, and a trigger queue
// that grew past its bound — which drops the batch and asks for a full rescan instead. A trigger
// for a path that did not change costs one lstat.
import { realpathSync, type Stats } from 'node:fs';
import { basename, join } from 'node:path';
import { watch, type ChokidarOptions, type FSWatcher } from 'chokidar';
import type { CoverageIssue } from './coverage-issue.ts';
import type { FimPolicy } from './fim-policy.ts';
import { GlobSet, hasGlob, staticPrefix } from './glob-pattern.ts';
import { MissingRootWatch } from './missing-root-watch.ts';
import { treePaths, watchGroups } from './watch-groups.ts';

export interface WatcherHandlers {
  onPaths(paths: string[]): void;
  onFullRescan(): void;
  onIssue(issue: CoverageIssue): void;
}

export class FimWatcher {
  /** One chokidar watcher per group of directories (watch-groups.ts), each with depth 0. */
  readonly #watchers: FSWatcher[] = [];
  /** Which watcher watches a directory: the one to unwatch it when it is removed. */
  readonly #owner = new Map<string, FSWatcher>();
  readonly #options: ChokidarOptions;
  readonly #exclude: GlobSet;
  readonly #debounce: number;
  readonly #pending = new Set<string>();
  readonly #maxQueue: number;
  #timer: NodeJS.Timeout | undefined;
  #closed = false;
  readonly #missingRoots: MissingRootWatch;
  #endWait: () => void = () => {};
  /** Resolves at close(): a group still being read is not waited for. */
  readonly #closing = new Promise<void>((resolve) => (this.#endWait = resolve));
  ready: Promise<void>;

  constructor(
    policy: FimPolicy,
    private readonly handlers: WatcherHandlers,
    opts: { debounceMs?: number; maxQueue?: number; groupEntries?: number } = {},
  ) {
    this.#maxQueue = opts.maxQueue ?? 10_000;
    this.#debounce = opts.debounceMs ?? 250;
    this.#exclude = new GlobSet([...policy.exclude, ...policy.paths.flatMap((r) => r.exclude)]);
    const roots = policy.paths.map((r) => {
      const p = hasGlob(r.path) ? staticPrefix(r.path) : r.path;
      try {
        return policy.followSymlinkRoots ? realpathSync(p) : p;
      } catch {
        return p; // missing: watched for by #missingRoots
      }
    });
    // Directories only (and roots that are files): an inotify watch on a directory reports
    // writes, attribute changes, creations and removals of the files in it, by name, through the
    // 'raw' events below. A watch per file as well cost chokidar about 2 KiB of heap each (its
    // fs.watch handle, closures and a retained Stats) — 40 MB for 20,000 files, half an idle
    // agent's memory (docs/agents.md, "Running the agent on a host") — and an inotify watch each.
    // Every directory is handed over by name with depth 0, a group at a time (watch-groups.ts).
    const rootSet = new Set(roots);
    this.#options = {
      ignoreInitial: true,
      followSymlinks: false,
      depth: 0,
      ignored: (p: string, stats?: Stats) =>
        this.#exclude.matches(p) ||
        (stats !== undefined && !stats.isDirectory() && !rootSet.has(p)),
    };
    this.#missingRoots = new MissingRootWatch(
      roots,
      (root) => this.#rootAppeared(root),
      (e) => this.handleError(e),
    );
    this.ready = Promise.all([
      this.#watchAll(roots, opts.groupEntries),
      this.#missingRoots.ready,
    ]).then(() => undefined);
  }

  /**
   * A policy root that was missing exists now: it is watched like the others, and it and
   * everything already in it are triggers (made before its watch, they would wait for the next
   * scheduled scan). Its watcher at the start was given a path that did not exist: taken back.
   */
  #rootAppeared(root: string): void {
    this.#owner.delete(root);
    this.#watchNew(root);
    for (const path of treePaths(root, this.#exclude, this.#maxQueue + 1))
      this.#add(path, this.#debounce);
  }

  async #watchAll(roots: string[], groupEntries?: number): Promise<void> {
    for (const group of watchGroups(roots, this.#exclude, groupEntries)) {
      if (this.#closed) return;
      const w = watch(group, this.#options);
      this.#watchers.push(w);
      for (const dir of group) this.#owner.set(dir, w);
      this.#listen(w);
      await Promise.race([
        new Promise<void>((resolve) => w.once('ready', () => resolve())),
        this.#closing,
      ]);
    }
  }

  #listen(w: FSWatcher): void {
    w.on('all', (event, path) => {
      this.#add(path, this.#debounce);
      // Depth 0: a directory that appears is watched here. One removed is let go by the watcher
      // that read its parent; when another watcher held its watch, that one lets it go too, so
      // that a directory made again at the same path is watched anew.
      if (event === 'addDir') this.#watchNew(path);
      if (event !== 'unlinkDir') return;
      const owner = this.#owner.get(path);
      this.#owner.delete(path);
      if (owner !== undefined && owner !== w) owner.unwatch(path);
    });
    // chokidar drops a 'change' whose mtime did not move when atime > mtime — exactly a chmod,
    // chown, setfacl or setfattr on a file read since its last write (as our own hashing does).
    // The raw fs.watch events still carry them, so they are triggers too.
    w.on('raw', (_event, name: string | null, details: unknown) => {
      const watched = (details as { watchedPath?: string } | undefined)?.watchedPath;
      if (!watched) return;
      // A file's own watcher names the file itself; a directory's watcher names a child.
      this.#add(
        !name || basename(watched) === name ? watched : join(watched, name),
        this.#debounce,
      );
    });
    w.on('error', (e) => this.handleError(e as NodeJS.ErrnoException));
  }

  /** A directory that appeared, with the directories made in it meanwhile. */
  #watchNew(path: string): void {
    const w = this.#watchers.at(-1);
    if (this.#closed || w === undefined) return;
    for (const group of watchGroups([path], this.#exclude)) {
      const fresh = group.filter((d) => !this.#owner.has(d));
      for (const dir of fresh) this.#owner.set(dir, w);
      if (fresh.length > 0) w.add(fresh);
    }
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
    this.#closed = true;
    this.#endWait();
    clearTimeout(this.#timer);
    await Promise.all([...this.#watchers.map((w) => w.close()), this.#missingRoots.close()]);
  }
}
