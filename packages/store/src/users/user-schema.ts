// Kysely table types of migration 0004-users, apart from schema.ts like the alert tables: the
// log's tables do not know about people; withTables() joins the two. Booleans are 0/1 integers.
import type { Database } from '../schema.ts';

export interface UsersTable {
  username: string;
  password_hash: string;
  role: string;
  disabled: number;
  totp_secret: string | null;
  failed_count: number;
  locked_until_ms: number | null;
  created_ms: number;
  updated_ms: number;
}

export interface SessionsTable {
  id: string;
  username: string;
  created_ms: number;
  last_seen_ms: number;
  expires_ms: number;
  revoked_ms: number | null;
  csrf_token: string;
}

export type UserDatabase = Database & { users: UsersTable; sessions: SessionsTable };
