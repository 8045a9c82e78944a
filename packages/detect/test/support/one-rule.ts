// Helpers for unit tests: a rule from a detection block, run over events.
import type { StoredEvent } from '@keywatch/protocol';
import { DetectionEngine, loadRules } from '@keywatch/detect';
import type { Detection, EngineOptions } from '@keywatch/detect';

export function sigma(detection: string, logsource = 'product: keywatch', extra = ''): string {
  return `title: t\nid: r1\nlevel: high\nlogsource:\n  ${logsource}\ndetection:\n${detection
    .trim()
    .split('\n')
    .map((l) => `  ${l}`)
    .join('\n')}\n${extra}`;
}

export function engineOf(texts: string[], options?: EngineOptions): DetectionEngine {
  return new DetectionEngine(
    loadRules(texts.map((text, i) => ({ name: `rule-${i}.yml`, text }))),
    options,
  );
}

/** True when the single rule `detection` matches the event. */
export function matches(detection: string, event: StoredEvent, logsource?: string): boolean {
  return engineOf([sigma(detection, logsource)]).process(event).length > 0;
}

export function runAll(engine: DetectionEngine, events: StoredEvent[]): Detection[] {
  return events.flatMap((e) => engine.process(e));
}
