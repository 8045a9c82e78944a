// FIM observations as native events: one per change (before/after attributes, dpkg explanation,
// redacted diff), one per coverage issue, one for a pervasive change, one per baseline and restore.
import type { NativeEvent, Severity } from '@keywatch/protocol';
import type { FimChange, ChangeKind } from './baseline-diff.ts';
import type { CoverageIssue, CoverageKind } from './coverage-issue.ts';
import type { AuditActor } from './audit-joiner.ts';
import type { DpkgExplanation } from './dpkg-explainer.ts';

export const CHANGE_EVENT_TYPES: Record<ChangeKind, string> = {
  added: 'fim.added',
  removed: 'fim.removed',
  modified: 'fim.modified',
  attributes: 'fim.attributes_changed',
  type: 'fim.type_changed',
};

const CHANGE_SEVERITY: Record<ChangeKind, Severity> = {
  added: 'medium',
  removed: 'high',
  modified: 'high',
  attributes: 'medium',
  type: 'high',
};

const ISSUE_SEVERITY: Record<CoverageKind, Severity> = {
  unreadable: 'high',
  root_missing: 'medium',
  symlink_root_followed: 'info',
  symlink_root_not_followed: 'high',
  size_cap: 'medium',
  watch_limit: 'high',
  queue_overflow: 'high',
  watch_error: 'high',
};

export interface ChangeContext {
  agentId: string;
  explained?: DpkgExplanation | undefined;
  diff?: string | undefined;
  who?: AuditActor | undefined;
}

/** 4294967295 is auditd's "unset" login uid (a daemon, not a person who logged in). */
const UNSET_AUID = 4294967295;

function base(agentId: string, type: string, severity: Severity): NativeEvent {
  return {
    time: new Date().toISOString(),
    type,
    outcome: 'success',
    // The agent observed the change; who made it is not known (no auditd join yet).
    actor: { id: agentId, type: 'agent' },
    source: { kind: 'fim' },
    severity,
  };
}

export function changeEvent(c: FimChange, ctx: ChangeContext): NativeEvent {
  const e = base(
    ctx.agentId,
    CHANGE_EVENT_TYPES[c.change],
    ctx.explained ? 'info' : CHANGE_SEVERITY[c.change],
  );
  e.target = { type: 'file', id: c.path };
  const who = ctx.who;
  if (who?.auid !== undefined && who.auid !== UNSET_AUID)
    e.actor = { id: `auid:${who.auid}`, type: 'user' };
  e.message = `${c.path}: ${c.change}${c.attributes.length ? ` (${c.attributes.join(', ')})` : ''}`;
  e.detail = {
    change: c.change,
    attributes: c.attributes,
    ...(c.before && { before: c.before }),
    ...(c.after && { after: c.after }),
    ...(ctx.explained && { explained_by: 'dpkg', dpkg: ctx.explained }),
    ...(ctx.diff !== undefined && { diff: ctx.diff }),
    ...(who && { who }),
  };
  return e;
}

export function coverageEvent(agentId: string, i: CoverageIssue): NativeEvent {
  const e = base(agentId, 'fim.coverage_gap', ISSUE_SEVERITY[i.kind]);
  e.target = { type: 'file', id: i.path || '(watcher)' };
  e.message = `${i.kind.replaceAll('_', ' ')}: ${i.path} ${i.detail}`.trim();
  e.detail = { kind: i.kind, path: i.path, reason: i.detail };
  return e;
}

export function pervasiveEvent(
  agentId: string,
  changes: FimChange[],
  threshold: number,
  unexplained: number,
): NativeEvent {
  const e = base(agentId, 'fim.pervasive_change', 'critical');
  e.message = `${changes.length} watched files changed in one scan (threshold ${threshold})`;
  e.detail = {
    count: changes.length,
    unexplained,
    threshold,
    by_change: Object.fromEntries(
      Object.keys(CHANGE_EVENT_TYPES).map((k) => [k, changes.filter((c) => c.change === k).length]),
    ),
    sample: changes.slice(0, 50).map((c) => c.path),
  };
  return e;
}

export function baselineEvent(agentId: string, entries: number, digest: string): NativeEvent {
  const e = base(agentId, 'fim.baseline_created', 'info');
  e.message = `FIM baseline of ${entries} entries`;
  e.detail = { entries, sha256: digest };
  return e;
}

export function restoreEvent(
  agentId: string,
  path: string,
  detail: Record<string, unknown>,
  ok: boolean,
): NativeEvent {
  const e = base(agentId, ok ? 'fim.restored' : 'fim.restore_failed', ok ? 'medium' : 'high');
  e.outcome = ok ? 'success' : 'failure';
  e.target = { type: 'file', id: path };
  e.detail = detail;
  return e;
}
