// Kysely table types of migration 0006-fim, apart from schema.ts like the agent tables;
// withTables() joins them.
import type { Database } from '../schema.ts';

export interface FimBaselinesTable {
  agent_id: string;
  version: number;
  baseline: string;
  sha256: string;
  entries: number;
  known_good: string;
  created_ms: number;
  command_id: string | null;
}

export interface FimContentTable {
  sha256: string;
  size: number;
  content: Uint8Array;
  created_ms: number;
}

export interface FimCommandsTable {
  id: string;
  agent_id: string;
  kind: string;
  path: string | null;
  requested_by: string;
  requested_ms: number;
  status: string;
  completed_ms: number | null;
  result: string | null;
}

export type FimDatabase = Database & {
  fim_baselines: FimBaselinesTable;
  fim_content: FimContentTable;
  fim_commands: FimCommandsTable;
};
