// The storage contract of people who sign in to the web view and of their sessions (migration
// 0004-users). Every dialect implements it through users/kysely-user-store.ts and passes
// test/user-store-tests.ts. Policy (lockout thresholds, session lifetime, who may do what) is the
// server's; the store only makes each change atomic and durable.

export interface UserRecord {
  username: string;
  /** argon2id PHC string ($argon2id$v=19$…); never the password. */
  passwordHash: string;
  role: string;
  disabled: boolean;
  /** Base32 TOTP secret once enrolled, else null. */
  totpSecret: string | null;
  /** Consecutive failed sign-ins since the last success or lockout. */
  failedCount: number;
  lockedUntilMs: number | null;
  createdMs: number;
  updatedMs: number;
}

export interface SessionRecord {
  /** Hex SHA-256 of the cookie's 256-bit secret: a leaked table grants no session. */
  id: string;
  username: string;
  createdMs: number;
  lastSeenMs: number;
  expiresMs: number;
  revokedMs: number | null;
  csrfToken: string;
}

export type UserPatch = Partial<
  Pick<UserRecord, 'passwordHash' | 'role' | 'disabled' | 'totpSecret'>
> & { updatedMs: number };

export interface UserStore {
  /** False when the username is taken (nothing written). */
  createUser(user: UserRecord): Promise<boolean>;
  getUser(username: string): Promise<UserRecord | undefined>;
  /** By username. */
  listUsers(): Promise<UserRecord[]>;
  /** False for an unknown user. */
  updateUser(username: string, patch: UserPatch): Promise<boolean>;
  /**
   * One atomic step: counts a failed sign-in; the failure that reaches `maxFailures` locks the
   * account until `atMs + lockMs` and restarts the count. Undefined for an unknown user.
   */
  recordFailure(
    username: string,
    atMs: number,
    maxFailures: number,
    lockMs: number,
  ): Promise<Pick<UserRecord, 'failedCount' | 'lockedUntilMs'> | undefined>;
  /** After a successful sign-in: the count restarts and any expired lock is cleared. */
  resetFailures(username: string): Promise<void>;
  insertSession(session: SessionRecord): Promise<void>;
  findSession(id: string): Promise<SessionRecord | undefined>;
  touchSession(id: string, atMs: number): Promise<void>;
  /** Sessions not revoked and not expired at `atMs`, newest first; optionally one user's. */
  listActiveSessions(atMs: number, username?: string): Promise<SessionRecord[]>;
  /** True when this call revoked it (false: unknown or already revoked). */
  revokeSession(id: string, atMs: number): Promise<boolean>;
  /** Revokes every live session of a user (disable, role change); returns how many. */
  revokeUserSessions(username: string, atMs: number): Promise<number>;
}
