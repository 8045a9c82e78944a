// Turns the changes of one scan into events: dpkg explanation and redacted diff per change, and
// one critical pervasive-change event when the scan crossed the threshold (not a flood of alerts).
import type { FimChange } from './baseline-diff.ts';
import { changeEvent, pervasiveEvent } from './fim-events.ts';
import type { FimHealth } from './fim-health.ts';
import type { FimRun } from './fim-run.ts';

export async function reportChanges(
  run: FimRun,
  changes: FimChange[],
  health: FimHealth,
): Promise<void> {
  const { ctx, policy } = run;
  const explain = run.dpkg?.explain(
    changes.filter((c) => c.after?.type === 'file').map((c) => c.path),
  );
  const who = run.audit?.lookup(changes.map((c) => c.path));
  let unexplained = 0;
  for (const c of changes) {
    const explained = explain?.get(c.path);
    if (!explained) unexplained++;
    const diff =
      c.change === 'modified' || c.change === 'added'
        ? run.snapshots.diff(c.path, c.after)
        : undefined;
    await ctx.emit(
      changeEvent(c, { agentId: ctx.agentId, explained, diff, who: who?.get(c.path) }),
    );
    health.changed(c.change);
  }
  if (policy.pervasiveThreshold > 0 && changes.length >= policy.pervasiveThreshold) {
    await ctx.emit(pervasiveEvent(ctx.agentId, changes, policy.pervasiveThreshold, unexplained));
    health.pervasive++;
  }
}
