// The shape every stateful detector shares (issue 4, item 3): fed the events its rule's detection
// selects, optionally every event (state transitions), and the clock through tick(); state is
// bounded and JSON-serializable for snapshot/restore.
import type { EventContext } from '../engine/event-context.ts';

export interface DetectorHit {
  /** Values that, with the rule, make the dedupe key (one alert per group). */
  group: string[];
  summary: string;
  eventIndexes: number[];
  fields: Record<string, unknown>;
  /** Event time or tick time the hit is about (RFC 3339). */
  time: string;
}

export interface Detector {
  onMatch(ctx: EventContext): DetectorHit | DetectorHit[] | undefined;
  /** Called for every event before rules run, for detectors that track state transitions. */
  observe?(ctx: EventContext): void;
  tick?(nowMs: number): DetectorHit[];
  snapshot(): unknown;
  /** Restores a snapshot(); null resets to the empty state. */
  restore(state: unknown): void;
  /** Entries held and evicted, for stats. */
  size(): { entries: number; evicted: number };
}

export interface DetectorModule<C> {
  parse(s: SettingsReader): C;
  create(config: C): Detector;
}

export interface SettingsReader {
  duration(key: string, fallback: number): number;
  int(key: string, fallback: number, min: number, max: number): number;
  num(key: string, fallback: number, min: number, max: number): number;
  str(key: string, fallback: string): string;
  fields(key: string, fallback: string[]): string[];
  strings(key: string, fallback: string[]): string[];
  record(key: string): Record<string, unknown>;
  fail(key: string, why: string): never;
  done(): void;
}
