// The keywatch `detector:` extension of a Sigma rule: the rule's detection selects the events,
// the named stateful detector decides what to report (docs/rules.md, "Detectors"). Settings are
// checked when the rule is parsed; engine overrides are checked again when the engine starts.
import { DetectError } from '../detect-error.ts';
import type { RuleDoc } from '../rule/rule-yaml.ts';
import type { Detector, DetectorModule } from './detector-types.ts';
import { settingsReader } from './settings-reader.ts';
import { firstSeen } from './first-seen.ts';
import { rateBaseline } from './rate-baseline.ts';
import { timeWindow } from './time-window.ts';
import { sourceSilence } from './source-silence.ts';
import { sequenceGap } from './sequence-gap.ts';
import { clockSkew } from './clock-skew.ts';
import { pendingDeletion } from './pending-deletion.ts';
import { dualControl } from './dual-control.ts';

const MODULES: Record<string, DetectorModule<unknown>> = {
  first_seen: firstSeen,
  rate_baseline: rateBaseline,
  time_window: timeWindow,
  source_silence: sourceSilence,
  sequence_gap: sequenceGap,
  clock_skew: clockSkew,
  pending_deletion: pendingDeletion,
  dual_control: dualControl,
};

export const DETECTOR_KINDS: readonly string[] = Object.keys(MODULES);

export interface DetectorSpec {
  kind: string;
  settings: Record<string, unknown>;
}

export function parseDetectorSpec(v: unknown, src: RuleDoc): DetectorSpec {
  if (v === null || typeof v !== 'object' || Array.isArray(v))
    throw new DetectError(
      'DETECTOR_INVALID',
      'detector must be a map with a kind',
      src.at(['detector']),
    );
  const settings = v as Record<string, unknown>;
  const kind = settings['kind'];
  if (typeof kind !== 'string' || !MODULES[kind])
    throw new DetectError(
      'DETECTOR_INVALID',
      `detector.kind must be one of ${DETECTOR_KINDS.join(', ')}`,
      src.at(['detector', 'kind']),
    );
  MODULES[kind].parse(settingsReader(settings, (k) => src.at(['detector', k], true)));
  return { kind, settings };
}

/** A fresh detector from a spec, with engine-level setting overrides applied. */
export function createDetector(
  spec: DetectorSpec,
  file: string,
  overrides?: Record<string, unknown>,
): Detector {
  const mod = MODULES[spec.kind]!;
  const settings = { ...spec.settings, ...overrides };
  return mod.create(mod.parse(settingsReader(settings, () => ({ file }))));
}
