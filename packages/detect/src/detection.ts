// What the engine reports: one Detection per rule hit, correlation firing or detector finding.
// The alert service (packages/alert) turns detections into alerts, merging those that share a
// dedupeKey (rule + group values) into one alert with a count.
import type { Severity } from '@keywatch/protocol';
import type { Level } from './rule/rule-types.ts';

export interface Detection {
  /** The rule's id, else its name. */
  ruleId: string;
  ruleName: string | undefined;
  title: string;
  level: Level;
  severity: Severity;
  tags: string[];
  /** 'event': one event matched; 'correlation': a correlation rule fired; 'detector': a stateful
   *  detector reported. */
  origin: 'event' | 'correlation' | 'detector';
  /** JSON array text: the rule id followed by the group values. */
  dedupeKey: string;
  /** Log indexes of the events that make the detection (newest last, at most 64). */
  eventIndexes: number[];
  summary: string;
  fields: Record<string, unknown>;
  /** The event time, or the tick time for findings made by the clock (RFC 3339). */
  time: string;
}

const SEVERITY: Record<Level, Severity> = {
  informational: 'info',
  low: 'low',
  medium: 'medium',
  high: 'high',
  critical: 'critical',
};

export const severityOf = (level: Level): Severity => SEVERITY[level];
