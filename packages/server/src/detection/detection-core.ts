// Detection over committed leaves, as it runs on the detection thread (detection-worker.ts): the
// engine in log order, then the matches of one dedupe key within a group folded into one detection
// (an alert storm costs one store write per key, not one per event). Pure: no I/O, no clock.
import { decodeLeaf } from '@keywatch/auditlog';
import { MAX_EVENT_INDEXES, severityRank, type Detection as AlertDetection } from '@keywatch/alert';
import { DetectionEngine, loadRules, type Detection, type RuleText } from '@keywatch/detect';
import type { StoredEvent } from '@keywatch/protocol';
import { toAlertDetection } from './to-alert-detection.ts';

/** One alert write: the folded detection and the receive times of the events behind it. */
export interface FoldedDetection {
  d: AlertDetection;
  receivedMs: number[];
}

export interface DetectionSnapshot {
  processed: number;
  state: unknown;
}

/** The alerting machinery's own events are not fed back in: an alert about an alert loops. */
const isOwnOutput = (e: StoredEvent): boolean =>
  e.type.startsWith('alert.') || e.type.startsWith('notification.');

export class DetectionCore {
  private engine: DetectionEngine;
  /** The last log index that went through the engine (-1: none). */
  processed = -1;

  constructor(rules: readonly RuleText[]) {
    this.engine = new DetectionEngine(loadRules(rules));
  }

  /** New rules: windows and baselines start afresh. */
  setRules(rules: readonly RuleText[]): void {
    this.engine = new DetectionEngine(loadRules(rules));
  }

  process(leaves: readonly Uint8Array[]): FoldedDetection[] {
    const raised: { d: Detection; receivedMs: number | undefined }[] = [];
    for (const leaf of leaves) {
      // Leaves come from this log's own sequencer or store: their canonical form is verify's
      // concern, and re-serializing each one here cost the detection thread about half its time.
      const e = decodeLeaf(leaf).event;
      if (e.index <= this.processed) continue; // already seen (replay overlap)
      this.processed = e.index;
      if (isOwnOutput(e)) continue;
      const found = this.engine.process(e);
      if (found.length === 0) continue; // most events: no receive time to parse
      const receivedMs = Date.parse(e.received);
      for (const d of found) raised.push({ d, receivedMs });
    }
    return fold(raised);
  }

  tick(nowMs: number): FoldedDetection[] {
    return fold(this.engine.tick(nowMs).map((d) => ({ d, receivedMs: undefined })));
  }

  snapshot(): DetectionSnapshot {
    return { processed: this.processed, state: this.engine.snapshot() };
  }

  /** Throws when the state was taken with other rules; `processed` is restored regardless. */
  restore(s: DetectionSnapshot): void {
    this.processed = s.processed;
    this.engine.restore(s.state);
  }
}

function fold(
  raised: readonly { d: Detection; receivedMs: number | undefined }[],
): FoldedDetection[] {
  const byKey = new Map<string, FoldedDetection>();
  for (const { d, receivedMs } of raised) {
    const next = toAlertDetection(d);
    const seen = byKey.get(next.dedupeKey);
    if (seen === undefined) {
      byKey.set(next.dedupeKey, {
        d: next,
        receivedMs: receivedMs === undefined ? [] : [receivedMs],
      });
      continue;
    }
    const prev = seen.d;
    seen.d = {
      ...next,
      severity:
        severityRank(next.severity) > severityRank(prev.severity) ? next.severity : prev.severity,
      eventIndexes: [...prev.eventIndexes, ...next.eventIndexes].slice(-MAX_EVENT_INDEXES),
      matches: (prev.matches ?? 1) + 1,
    };
    if (receivedMs !== undefined) seen.receivedMs.push(receivedMs);
  }
  return [...byKey.values()];
}
