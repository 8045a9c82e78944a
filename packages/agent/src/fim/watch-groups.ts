// The directories the real-time watcher watches, in groups of about GROUP_ENTRIES directory
// entries. chokidar lstats every entry of a directory it reads, all directories of one add() at
// once: over a 20,000-file tree that is 20,000 requests in flight (about 1.4 KiB of malloc heap
// each), and the watch handles made meanwhile pin that memory: 30 MB of an idle agent's 80
// (docs/agents.md, "Running the agent on a host"). Handed over one group at a time, it is one
// group's requests.
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { GlobSet } from './glob-pattern.ts';

export const GROUP_ENTRIES = 256;

/**
 * Every directory under `roots` (roots first, symlinks not followed, `exclude` left out), grouped.
 * A root that is not a readable directory (a file, a missing path, no permission) is listed as it
 * is: chokidar watches a file, waits for a missing path and reports an unreadable one.
 */
export function* watchGroups(
  roots: readonly string[],
  exclude: GlobSet,
  groupEntries = GROUP_ENTRIES,
): Generator<string[]> {
  let group: string[] = [];
  let entries = 0;
  for (const { dir, size } of directories(roots, exclude)) {
    group.push(dir);
    entries += size;
    if (entries >= groupEntries) {
      yield group;
      group = [];
      entries = 0;
    }
  }
  if (group.length > 0) yield group;
}

function* directories(
  roots: readonly string[],
  exclude: GlobSet,
): Generator<{ dir: string; size: number }> {
  const stack = [...roots].reverse();
  const seen = new Set<string>();
  for (let dir = stack.pop(); dir !== undefined; dir = stack.pop()) {
    if (seen.has(dir) || exclude.matches(dir)) continue;
    seen.add(dir);
    let names;
    try {
      names = readdirSync(dir, { withFileTypes: true });
    } catch {
      yield { dir, size: 1 };
      continue;
    }
    yield { dir, size: names.length + 1 };
    const subdirs = names.filter((d) => d.isDirectory()).map((d) => join(dir, d.name));
    for (let i = subdirs.length - 1; i >= 0; i--) stack.push(subdirs[i]!);
  }
}

/** Every path under `root` (itself first; symlinks not followed, `exclude` left out), at most `limit`. */
export function treePaths(root: string, exclude: GlobSet, limit: number): string[] {
  const out: string[] = exclude.matches(root) ? [] : [root];
  const dirs = out.slice();
  for (let dir = dirs.pop(); dir !== undefined && out.length < limit; dir = dirs.pop()) {
    let names;
    try {
      names = readdirSync(dir, { withFileTypes: true });
    } catch {
      continue; // a file, or unreadable: the scan reports what it cannot read
    }
    for (const d of names) {
      const path = join(dir, d.name);
      if (exclude.matches(path)) continue;
      out.push(path);
      if (d.isDirectory()) dirs.push(path); // a symlink's Dirent is not a directory
    }
  }
  return out.slice(0, limit);
}
