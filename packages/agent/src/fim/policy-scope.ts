// Whether a path reported by the watcher is one the policy covers (the watcher watches a glob's
// static prefix, so it also sees files the glob does not select).
import type { FimPolicy } from './fim-policy.ts';
import { GlobSet, hasGlob } from './glob-pattern.ts';

export function policyScope(
  policy: FimPolicy,
  realRoots: ReadonlyMap<string, string>,
): (path: string) => boolean {
  const rules = policy.paths.map((r) => ({
    root: realRoots.get(r.path) ?? r.path,
    glob: hasGlob(r.path) ? new GlobSet([r.path]) : undefined,
    exclude: new GlobSet([...policy.exclude, ...r.exclude]),
  }));
  return (path) =>
    rules.some(
      (r) =>
        !r.exclude.matches(path) &&
        (r.glob ? r.glob.matches(path) : path === r.root || path.startsWith(`${r.root}/`)),
    );
}
