// Policy roots that do not exist yet: inotify cannot watch a missing path, and chokidar waits
// for none, so a key directory made after the agent started was seen only by the next scheduled
// scan. Here the nearest existing ancestor of each missing root is watched (depth 0, only the
// names on the way to a root let through), one level deeper each time a directory on the way
// appears, and the root is handed over once it exists.
import { existsSync } from 'node:fs';
import { dirname, sep } from 'node:path';
import { watch, type FSWatcher } from 'chokidar';

export class MissingRootWatch {
  readonly #missing: Set<string>;
  readonly #watched = new Set<string>();
  #watcher: FSWatcher | undefined;
  /** Resolves once the first ancestor's watch is set up (at once when no root is missing). */
  ready: Promise<void> = Promise.resolve();

  /** `onAppeared` gets each root once it exists; `onError` the watcher's errors. */
  constructor(
    roots: readonly string[],
    private readonly onAppeared: (root: string) => void,
    private readonly onError: (e: NodeJS.ErrnoException) => void,
  ) {
    this.#missing = new Set(roots.filter((r) => !existsSync(r)));
    for (const root of [...this.#missing]) this.#advance(root);
  }

  async close(): Promise<void> {
    this.#missing.clear();
    await this.#watcher?.close();
  }

  /** Hands the root over if it exists, else watches the deepest directory on its way. */
  #advance(root: string): void {
    if (existsSync(root)) {
      this.#missing.delete(root);
      this.onAppeared(root);
      return;
    }
    let dir = dirname(root);
    while (!existsSync(dir) && dirname(dir) !== dir) dir = dirname(dir);
    if (this.#watched.has(dir)) return;
    this.#watched.add(dir);
    if (this.#watcher === undefined) {
      this.#watcher = watch(dir, {
        ignoreInitial: true,
        followSymlinks: false,
        depth: 0,
        ignored: (p: string) => !this.#onTheWay(p),
      });
      this.#watcher.on('addDir', (p) => this.#appeared(p));
      this.#watcher.on('add', (p) => this.#appeared(p));
      this.#watcher.on('error', (e) => this.onError(e as NodeJS.ErrnoException));
      const w = this.#watcher;
      this.ready = new Promise((resolve) => w.once('ready', () => resolve()));
    } else this.#watcher.add(dir);
  }

  #onTheWay(path: string): boolean {
    for (const root of this.#missing)
      if (root === path || root.startsWith(path.endsWith(sep) ? path : path + sep)) return true;
    return false;
  }

  #appeared(path: string): void {
    for (const root of [...this.#missing])
      if (root === path || root.startsWith(path + sep)) this.#advance(root);
  }
}
