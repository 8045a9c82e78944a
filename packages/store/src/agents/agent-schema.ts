// Kysely table types of migration 0003-agents, apart from schema.ts like the user tables;
// withTables() joins them. Booleans are 0/1 integers.
import type { Database } from '../schema.ts';

export interface AgentsTable {
  id: string;
  name: string;
  group_name: string | null;
  host: string | null;
  public_key: string;
  enrolled_ms: number;
  revoked_ms: number | null;
  last_seen_ms: number | null;
  last_seq: number | null;
  silent: number;
  health: string | null;
  policy: string | null;
}

export interface AgentGroupPoliciesTable {
  group_name: string;
  policy: string;
  updated_ms: number;
}

export type AgentDatabase = Database & {
  agents: AgentsTable;
  agent_group_policies: AgentGroupPoliciesTable;
};
