// Enumerates what a policy covers: files, directories, recursion depth, globs and exclusions.
// Symlinks inside a tree are recorded, not followed; a root that is itself a symlink (usrmerge
// `/bin` → `usr/bin`) is recorded and followed, or reported, never silently skipped.
import { readdirSync, realpathSync } from 'node:fs';
import { join } from 'node:path';
import type { CoverageIssue } from './coverage-issue.ts';
import type { FileRecord } from './file-record.ts';
import type { FimPolicy, PathRule } from './fim-policy.ts';
import { GlobSet, hasGlob, staticPrefix } from './glob-pattern.ts';
import { OwnerNames } from './owner-names.ts';
import { statRecord } from './stat-reader.ts';

export interface WalkEntry {
  path: string;
  record: FileRecord;
}

interface Root {
  path: string;
  depth: number;
  include: GlobSet;
  exclude: GlobSet;
}

function rootOf(rule: PathRule, global: readonly string[]): Root {
  const exclude = new GlobSet([...global, ...rule.exclude]);
  const depth = rule.recursive === true ? Infinity : rule.recursive === false ? 0 : rule.recursive;
  if (!hasGlob(rule.path)) return { path: rule.path, depth, include: new GlobSet([]), exclude };
  const prefix = staticPrefix(rule.path);
  const below = rule.path.slice(prefix.length).split('/').filter(Boolean).length;
  return {
    path: prefix,
    depth: rule.path.includes('**') ? Infinity : below,
    include: new GlobSet([rule.path]),
    exclude,
  };
}

export function* walkPolicy(
  policy: FimPolicy,
  names: OwnerNames,
  onIssue: (i: CoverageIssue) => void,
): Generator<WalkEntry> {
  const seen = new Set<string>();
  for (const rule of policy.paths) {
    const root = rootOf(rule, policy.exclude);
    const rec = statRecord(root.path, names);
    if (rec === undefined) {
      onIssue({ kind: 'root_missing', path: root.path, detail: 'configured path does not exist' });
      continue;
    }
    let start = root.path;
    if (rec.type === 'symlink') {
      if (!seen.has(root.path)) {
        seen.add(root.path);
        yield { path: root.path, record: rec };
      }
      if (!policy.followSymlinkRoots) {
        onIssue({
          kind: 'symlink_root_not_followed',
          path: root.path,
          detail: `→ ${rec.linkTarget ?? '?'}`,
        });
        continue;
      }
      try {
        start = realpathSync(root.path);
      } catch {
        onIssue({ kind: 'unreadable', path: root.path, detail: 'symlink root does not resolve' });
        continue;
      }
      // The target's entries are recorded under their real paths, so /bin and /usr/bin overlap
      // instead of being counted twice.
      onIssue({ kind: 'symlink_root_followed', path: root.path, detail: `scanned as ${start}` });
    }
    yield* walkTree(start, root, names, seen, onIssue);
  }
}

function* walkTree(
  start: string,
  root: Root,
  names: OwnerNames,
  seen: Set<string>,
  onIssue: (i: CoverageIssue) => void,
): Generator<WalkEntry> {
  const stack: [string, number][] = [[start, 0]];
  while (stack.length > 0) {
    const [path, level] = stack.pop()!;
    if (seen.has(path) || (level > 0 && root.exclude.matches(path))) continue;
    seen.add(path);
    const record = statRecord(path, names);
    if (record === undefined) continue; // vanished between readdir and lstat
    if (root.include.empty || root.include.matches(path)) yield { path, record };
    if (record.type !== 'directory' || level >= root.depth) continue;
    let children: string[];
    try {
      children = readdirSync(path);
    } catch (e) {
      onIssue({ kind: 'unreadable', path, detail: (e as NodeJS.ErrnoException).code ?? String(e) });
      continue;
    }
    // Reverse so the stack pops them in name order: baselines and reports come out sorted.
    children.sort();
    for (let i = children.length - 1; i >= 0; i--)
      stack.push([join(path, children[i]!), level + 1]);
  }
}

/** How many entries a policy covers (a cheap lstat walk), for a progress bar's total. */
export function countPolicyEntries(policy: FimPolicy): number {
  return Array.from(walkPolicy(policy, new OwnerNames(), () => {})).length;
}
