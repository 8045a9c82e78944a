// The alert model (docs/alerts.md, "Model"). The stored shapes are the store's (one definition);
// this file adds what the lifecycle needs: the detection input, actors, and the change record.
import type {
  AlertActorRef,
  AlertHistoryEntry,
  AlertRecord,
  AlertSeverity,
  AlertStatus,
  AlertSummary,
} from '@keywatch/store';

export type Alert = AlertRecord;
export type { AlertHistoryEntry, AlertSeverity, AlertStatus, AlertSummary };

/** Who made a change: a person's id and role, or keywatch itself (SYSTEM_ACTOR). */
export type AlertActor = AlertActorRef;

/** Changes made by detection (opening, folding, reopening) rather than by a person. */
export const SYSTEM_ACTOR: AlertActor = { id: 'keywatch', role: 'system' };

/** What the detection engine hands over for every rule match. */
export interface Detection {
  ruleId: string;
  title: string;
  severity: AlertSeverity;
  tags: string[];
  /** Matches with the same key inside the dedupe window fold into one alert. */
  dedupeKey: string;
  /** Log indexes of the events that triggered the match. */
  eventIndexes: number[];
  summary: string;
  fields: Record<string, unknown>;
  /** When the match happened (epoch ms); the service's clock when absent. */
  timeMs?: number;
  /** Matches this detection stands for (a burst coalesced by the caller); default 1. */
  matches?: number;
}

export const ALERT_EVENT_TYPES = [
  'alert.opened',
  'alert.updated',
  'alert.acknowledged',
  'alert.resolved',
  'alert.suppressed',
  'alert.reopened',
] as const;
export type AlertEventType = (typeof ALERT_EVENT_TYPES)[number];

/** One change of one alert, as the lifecycle decided it: what to store and what to record. */
export interface AlertChange {
  type: AlertEventType;
  /** The alert after the change (version incremented). */
  alert: AlertSummary;
  fromStatus: AlertStatus | null;
  actor: AlertActor;
  atMs: number;
  comment: string;
  /** The history entries this change adds (none for a fold). */
  history: AlertHistoryEntry[];
  /** For detections: the log indexes this match brought (all of them, even past the bound). */
  eventIndexes: number[];
}

const RANK: Record<AlertSeverity, number> = { info: 0, low: 1, medium: 2, high: 3, critical: 4 };

export function severityRank(s: AlertSeverity): number {
  return RANK[s];
}
