// Engine state as plain JSON, so that a restarted server resumes its windows and baselines
// instead of relearning them (issue 4, item 5). Keyed by rule id/name; version-stamped.
import { DetectError } from '../detect-error.ts';
import type { CorrelationRuntime } from '../correlate/correlation-runtime.ts';
import type { GroupState } from '../correlate/correlation-steps.ts';
import type { Detector } from '../detectors/detector-types.ts';

export interface EngineSnapshot {
  version: 1;
  correlations: Record<string, Array<[string, GroupState]>>;
  detectors: Record<string, unknown>;
}

export function snapshotState(
  runtimes: ReadonlyMap<string, CorrelationRuntime>,
  detectors: ReadonlyMap<string, Detector>,
): EngineSnapshot {
  const correlations: EngineSnapshot['correlations'] = {};
  for (const [k, rt] of runtimes) correlations[k] = structuredClone([...rt.groups.entries()]);
  const dets: Record<string, unknown> = {};
  for (const [k, d] of detectors) dets[k] = structuredClone(d.snapshot());
  return { version: 1, correlations, detectors: dets };
}

export function restoreState(
  s: unknown,
  runtimes: ReadonlyMap<string, CorrelationRuntime>,
  detectors: ReadonlyMap<string, Detector>,
): void {
  const snap = s as Partial<EngineSnapshot> | null;
  if (
    snap === null ||
    typeof snap !== 'object' ||
    snap.version !== 1 ||
    typeof snap.correlations !== 'object' ||
    typeof snap.detectors !== 'object'
  )
    throw new DetectError('SNAPSHOT_INVALID', 'not a version 1 engine snapshot');
  try {
    for (const [k, rt] of runtimes) {
      rt.groups.clear();
      const groups = snap.correlations?.[k];
      if (groups === undefined) continue;
      if (!Array.isArray(groups)) throw new Error(`correlation ${k}: groups must be a list`);
      for (const [key, st] of structuredClone(groups)) rt.groups.set(key, st);
    }
    for (const [k, d] of detectors) {
      const st = snap.detectors?.[k];
      if (st !== undefined) d.restore(structuredClone(st));
    }
  } catch (e) {
    for (const rt of runtimes.values()) rt.groups.clear();
    for (const d of detectors.values()) d.restore(null);
    throw new DetectError(
      'SNAPSHOT_INVALID',
      `snapshot does not fit the rules: ${(e as Error).message}`,
      undefined,
      e,
    );
  }
}
