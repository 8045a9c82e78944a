// What a started FIM module holds for one policy: scanner, watcher, diff snapshots, dpkg lookup.
import { mkdirSync, realpathSync } from 'node:fs';
import { join } from 'node:path';
import type { AgentContext } from '../agent-module.ts';
import { AuditJoiner } from './audit-joiner.ts';
import { DpkgExplainer } from './dpkg-explainer.ts';
import type { FimPolicy } from './fim-policy.ts';
import { FimScanner } from './fim-scanner.ts';
import type { FimWatcher } from './fim-watcher.ts';
import { policyScope } from './policy-scope.ts';
import { TextSnapshots } from './text-snapshots.ts';

export interface FimRun {
  ctx: AgentContext;
  policy: FimPolicy;
  /** `<stateDir>/fim`: baseline.json, scan.checkpoint, text/, quarantine/. */
  dir: string;
  scanner: FimScanner;
  snapshots: TextSnapshots;
  dpkg: DpkgExplainer | undefined;
  audit: AuditJoiner | undefined;
  inScope: (path: string) => boolean;
  watcher?: FimWatcher;
  timer?: NodeJS.Timeout;
  /** Aborted by stop(): a running scan stops at its next yield, its checkpoint kept for resume. */
  abort: AbortController;
}

export function openRun(ctx: AgentContext, policy: FimPolicy): FimRun {
  const dir = join(ctx.stateDir, 'fim');
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const realRoots = new Map<string, string>();
  for (const r of policy.paths) {
    try {
      if (policy.followSymlinkRoots) realRoots.set(r.path, realpathSync(r.path));
    } catch {
      // missing root: the scan reports it
    }
  }
  return {
    ctx,
    policy,
    dir,
    scanner: new FimScanner(policy),
    snapshots: new TextSnapshots(join(dir, 'text'), policy.diff.paths, policy.diff.maxBytes),
    dpkg: policy.dpkg.enabled ? new DpkgExplainer(policy.dpkg) : undefined,
    audit: policy.audit.enabled ? new AuditJoiner(policy.audit) : undefined,
    inScope: policyScope(policy, realRoots),
    abort: new AbortController(),
  };
}
