// The shapes of the API answers the web view reads (DESIGN.md, HTTP; docs/alerts.md).

export type Role = 'admin' | 'security_officer' | 'audit_admin' | 'auditor';

export interface Me {
  username: string;
  role: Role;
  totp: boolean;
  csrf_token: string | null;
  features?: { agents?: boolean };
}

export interface StoredEvent {
  index: number;
  id: string;
  time: string;
  received: string;
  type: string;
  outcome: string;
  severity?: string;
  actor: { id?: string; name?: string; roles?: string[]; type?: string; ip?: string };
  target?: { type?: string; id?: string; name?: string };
  source?: { kind?: string; host?: string; agent?: string };
  message?: string;
  detail?: Record<string, unknown>;
  raw?: string;
}

export interface EventsPage {
  events: StoredEvent[];
  next: string | null;
}

export type Severity = 'info' | 'low' | 'medium' | 'high' | 'critical';
export type AlertStatus = 'open' | 'acknowledged' | 'resolved' | 'suppressed';

export interface Alert {
  id: string;
  rule: { id: string; title: string };
  severity: Severity;
  status: AlertStatus;
  count: number;
  eventIndexes: number[];
  summary: string;
  firstSeen: string;
  lastSeen: string;
  updated: string;
  suppression: { reason: string; until: string } | null;
  history?: {
    version: number;
    at: string;
    action: string;
    toStatus: string;
    actor: { id: string; role: string };
    comment: string;
  }[];
}

export interface Rule {
  id: string;
  title: string;
  kind: string;
  level: string | null;
  status: string | null;
  tags: string[];
  description: string | null;
  file: string;
}

export interface UserView {
  username: string;
  role: Role;
  disabled: boolean;
  totp: boolean;
  locked_until: string | null;
  created: string;
  updated: string;
}

export interface SessionView {
  id: string;
  username: string;
  created: string;
  last_seen: string;
  expires: string;
}

export interface Verification {
  ok: boolean;
  size: number;
  started: string;
  finished: string;
  by: string;
  code?: string;
  index?: number;
  message?: string;
}

export interface CheckpointEntry {
  size: number;
  note: string;
  created: string;
}

/** GET /v1/agents (agent-service.ts, AgentView). */
export interface Agent {
  id: string;
  name: string;
  group: string | null;
  host: string | null;
  status: 'active' | 'silent' | 'revoked';
  enrolled: string;
  last_heartbeat: string | null;
  last_seq: number | null;
  health: {
    version?: string;
    modules?: Record<string, unknown>;
    policy?: { source?: string; issued?: string | null; scope?: string | null };
  } | null;
}
