// Kysely table types of migration 0002-alerts, kept apart from schema.ts: the log's tables do not
// know about alerts, and Kysely's withTables() joins the two. JSON columns hold text (the same
// schema on both dialects); times are epoch ms.
import type { Database } from '../schema.ts';

export interface AlertsTable {
  id: string;
  rule_id: string;
  rule_title: string;
  severity: string;
  /** JSON array of strings. */
  tags: string;
  status: string;
  dedupe_key: string;
  count: number;
  /** JSON array of log indexes, bounded by the alert package. */
  event_indexes: string;
  summary: string;
  /** JSON object. */
  fields: string;
  first_seen_ms: number;
  last_seen_ms: number;
  updated_ms: number;
  suppress_reason: string | null;
  suppress_until_ms: number | null;
  version: number;
}

export interface AlertHistoryTable {
  alert_id: string;
  version: number;
  at_ms: number;
  action: string;
  from_status: string | null;
  to_status: string;
  actor_id: string;
  actor_role: string;
  comment: string;
}

export interface AlertOutboxTable {
  id: string;
  alert_id: string;
  channel: string;
  payload: string;
  created_ms: number;
  expires_ms: number;
  next_attempt_ms: number;
  attempts: number;
  state: string;
  lease_owner: string | null;
  lease_until_ms: number | null;
  last_error: string | null;
  settled_ms: number | null;
}

export interface AlertTables {
  alerts: AlertsTable;
  alert_history: AlertHistoryTable;
  alert_outbox: AlertOutboxTable;
}

export type AlertDatabase = Database & AlertTables;
