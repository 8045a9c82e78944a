// The detection engine (issue 4): process(event) runs the indexed candidate rules, feeds matches
// to correlations and detectors and returns what fired; tick(nowMs) lets time-driven findings
// (source silence, sequence gaps past their grace, closing correlation windows) out. Synchronous
// and single-threaded by design: one engine per log, fed in log order.
import type { StoredEvent } from '@keywatch/protocol';
import type { Detection } from '../detection.ts';
import type { RuleSet } from '../rule/rule-set.ts';
import type { CorrelationRule, SigmaRule } from '../rule/rule-types.ts';
import { CorrelationRuntime } from '../correlate/correlation-runtime.ts';
import type { Firing } from '../correlate/correlation-runtime.ts';
import { createDetector } from '../detectors/detector-spec.ts';
import type { Detector } from '../detectors/detector-types.ts';
import { EventContext } from './event-context.ts';
import { RuleIndex } from './rule-index.ts';
import type { Indexed } from './rule-index.ts';
import { correlationDetection, detectorDetection, ruleDetection } from './detection-build.ts';
import { restoreState, snapshotState } from './engine-snapshot.ts';
import type { EngineSnapshot } from './engine-snapshot.ts';

export interface EngineOptions {
  /** Groups kept per correlation rule (least recently used evicted). Default 10,000. */
  maxCorrelationGroups?: number;
  /** Detector settings by rule id or name, merged over the rule's `detector:` block. */
  detectorSettings?: Readonly<Record<string, Record<string, unknown>>>;
}

export interface EngineStats {
  events: number;
  detections: number;
  ruleRuns: number;
  correlationGroups: number;
  detectorEntries: number;
  evicted: number;
}

interface Entry extends Indexed {
  rule: SigmaRule;
  generates: boolean;
  consumers: CorrelationRuntime[];
  detector: Detector | undefined;
}

export class DetectionEngine {
  private readonly entries: Entry[] = [];
  private readonly index: RuleIndex<Entry>;
  private readonly observers: Detector[] = [];
  private readonly runtimes = new Map<string, CorrelationRuntime>();
  private readonly consumersOf = new Map<string, CorrelationRuntime[]>();
  private readonly generating = new Set<string>();
  private readonly counters = { events: 0, detections: 0, ruleRuns: 0 };

  constructor(
    readonly rules: RuleSet,
    private readonly options: EngineOptions = {},
  ) {
    const referencedBy = new Map<string, CorrelationRule[]>();
    for (const r of rules.rules) {
      if (r.kind !== 'correlation') continue;
      const rt = new CorrelationRuntime(
        r,
        rules.refs.get(r.key) ?? [],
        options.maxCorrelationGroups ?? 10_000,
      );
      this.runtimes.set(r.key, rt);
      for (const t of rt.refs) {
        referencedBy.set(t.key, [...(referencedBy.get(t.key) ?? []), r]);
        this.consumersOf.set(t.key, [...(this.consumersOf.get(t.key) ?? []), rt]);
      }
    }
    // Sigma correlation spec, "Generate": referenced rules report on their own only when a
    // correlation using them says generate: true.
    for (const r of rules.rules) {
      const by = referencedBy.get(r.key);
      if (!by || by.some((c) => c.correlation.generate)) this.generating.add(r.key);
    }
    rules.rules.forEach((r, order) => {
      if (r.kind !== 'sigma') return;
      const detector = r.detector ? this.makeDetector(r) : undefined;
      if (detector?.observe) this.observers.push(detector);
      this.entries.push({
        order,
        kinds: r.route.kinds,
        types: r.typeHint,
        rule: r,
        generates: !r.detector && this.generating.has(r.key),
        consumers: this.consumersOf.get(r.key) ?? [],
        detector,
      });
    });
    this.index = new RuleIndex(this.entries);
  }

  private makeDetector(r: SigmaRule): Detector {
    const o = this.options.detectorSettings;
    const over =
      o?.[r.key] ??
      (r.name !== undefined ? o?.[r.name] : undefined) ??
      (r.id !== undefined ? o?.[r.id] : undefined);
    return createDetector(r.detector!, r.file, over);
  }

  process(event: StoredEvent): Detection[] {
    this.counters.events++;
    const ctx = new EventContext(event);
    const out: Detection[] = [];
    for (const o of this.observers) o.observe!(ctx);
    for (const e of this.index.candidates(event.source?.kind, event.type)) {
      this.counters.ruleRuns++;
      const docs = ctx.docs(e.rule.route.format);
      let doc = docs[0]!;
      let hit = e.rule.match(doc);
      for (let i = 1; !hit && i < docs.length; i++) hit = e.rule.match((doc = docs[i]!));
      if (!hit) continue;
      if (e.detector) {
        const found = e.detector.onMatch(ctx);
        for (const h of found === undefined ? [] : Array.isArray(found) ? found : [found])
          out.push(detectorDetection(e.rule, h, event));
        continue;
      }
      if (e.generates) out.push(ruleDetection(e.rule, doc));
      for (const rt of e.consumers) {
        const f = rt.feed(e.rule, ctx, doc, e.rule.accessor, [event.index]);
        if (f) this.fired(rt, f, out);
      }
    }
    this.counters.detections += out.length;
    return out;
  }

  private fired(rt: CorrelationRuntime, f: Firing, out: Detection[]): void {
    if (this.generating.has(rt.rule.key)) out.push(correlationDetection(rt.rule, f));
    if (!f.ctx || !f.doc || !f.accessor) return;
    for (const next of this.consumersOf.get(rt.rule.key) ?? []) {
      const g = next.feed(rt.rule, f.ctx, f.doc, f.accessor, f.eventIndexes);
      if (g) this.fired(next, g, out);
    }
  }

  /** Time-driven findings at `nowMs` (the server's clock). Call every few seconds. */
  tick(nowMs: number): Detection[] {
    const out: Detection[] = [];
    for (const rt of this.runtimes.values()) for (const f of rt.tick(nowMs)) this.fired(rt, f, out);
    for (const e of this.entries) {
      if (!e.detector?.tick) continue;
      for (const h of e.detector.tick(nowMs)) out.push(detectorDetection(e.rule, h, undefined));
    }
    this.counters.detections += out.length;
    return out;
  }

  /** JSON-serializable state of every correlation window and detector (docs/rules.md, "State"). */
  snapshot(): EngineSnapshot {
    return snapshotState(this.runtimes, this.detectorsByKey());
  }

  /** Restores a snapshot() taken with the same rules; throws SNAPSHOT_INVALID and keeps a clean
   *  state when it does not fit. Rules added since start empty; rules removed are ignored. */
  restore(snapshot: unknown): void {
    restoreState(snapshot, this.runtimes, this.detectorsByKey());
  }

  stats(): EngineStats {
    let groups = 0;
    let entries = 0;
    let evicted = 0;
    for (const rt of this.runtimes.values()) {
      groups += rt.groups.size;
      evicted += rt.groups.evicted;
    }
    for (const d of this.detectorsByKey().values()) {
      const s = d.size();
      entries += s.entries;
      evicted += s.evicted;
    }
    return { ...this.counters, correlationGroups: groups, detectorEntries: entries, evicted };
  }

  private detectorsByKey(): Map<string, Detector> {
    return new Map(this.entries.filter((e) => e.detector).map((e) => [e.rule.key, e.detector!]));
  }
}
