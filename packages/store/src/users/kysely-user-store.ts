// The UserStore on either dialect, over the LogStore's own Kysely instance (SQLite writes share its
// connection mutex). Each method is one statement, so each change is atomic on both dialects
// without an explicit transaction. Obtained through LogStore.users().
import { sql, type Kysely, type Selectable } from 'kysely';
import type { Database } from '../schema.ts';
import { StoreError } from '../store-error.ts';
import type { SessionRecord, UserPatch, UserRecord, UserStore } from '../user-store.ts';
import type { SessionsTable, UserDatabase, UsersTable } from './user-schema.ts';

function toUser(r: Selectable<UsersTable>): UserRecord {
  return {
    username: r.username,
    passwordHash: r.password_hash,
    role: r.role,
    disabled: Number(r.disabled) === 1,
    totpSecret: r.totp_secret,
    failedCount: Number(r.failed_count),
    lockedUntilMs: r.locked_until_ms === null ? null : Number(r.locked_until_ms),
    createdMs: Number(r.created_ms),
    updatedMs: Number(r.updated_ms),
  };
}

function toSession(r: Selectable<SessionsTable>): SessionRecord {
  return {
    id: r.id,
    username: r.username,
    createdMs: Number(r.created_ms),
    lastSeenMs: Number(r.last_seen_ms),
    expiresMs: Number(r.expires_ms),
    revokedMs: r.revoked_ms === null ? null : Number(r.revoked_ms),
    csrfToken: r.csrf_token,
  };
}

export class KyselyUserStore implements UserStore {
  private readonly db: Kysely<UserDatabase>;
  constructor(
    db: Kysely<Database>,
    private readonly mapError: (err: unknown) => unknown,
  ) {
    this.db = db.withTables<Omit<UserDatabase, keyof Database>>();
  }

  private async run<T>(fn: () => Promise<T>): Promise<T> {
    try {
      return await fn();
    } catch (err) {
      throw err instanceof StoreError ? err : this.mapError(err);
    }
  }

  createUser(u: UserRecord): Promise<boolean> {
    return this.run(async () => {
      const r = await this.db
        .insertInto('users')
        .values({
          username: u.username,
          password_hash: u.passwordHash,
          role: u.role,
          disabled: u.disabled ? 1 : 0,
          totp_secret: u.totpSecret,
          failed_count: u.failedCount,
          locked_until_ms: u.lockedUntilMs,
          created_ms: u.createdMs,
          updated_ms: u.updatedMs,
        })
        .onConflict((oc) => oc.column('username').doNothing())
        .executeTakeFirst();
      return Number(r.numInsertedOrUpdatedRows ?? 0n) === 1;
    });
  }

  getUser(username: string): Promise<UserRecord | undefined> {
    return this.run(async () => {
      const row = await this.db
        .selectFrom('users')
        .selectAll()
        .where('username', '=', username)
        .executeTakeFirst();
      return row && toUser(row);
    });
  }

  listUsers(): Promise<UserRecord[]> {
    return this.run(async () => {
      const rows = await this.db.selectFrom('users').selectAll().orderBy('username').execute();
      return rows.map(toUser);
    });
  }

  updateUser(username: string, p: UserPatch): Promise<boolean> {
    return this.run(async () => {
      const r = await this.db
        .updateTable('users')
        .set({
          updated_ms: p.updatedMs,
          ...(p.passwordHash !== undefined && { password_hash: p.passwordHash }),
          ...(p.role !== undefined && { role: p.role }),
          ...(p.disabled !== undefined && { disabled: p.disabled ? 1 : 0 }),
          ...(p.totpSecret !== undefined && { totp_secret: p.totpSecret }),
        })
        .where('username', '=', username)
        .executeTakeFirst();
      return r.numUpdatedRows === 1n;
    });
  }

  recordFailure(
    username: string,
    atMs: number,
    maxFailures: number,
    lockMs: number,
  ): Promise<Pick<UserRecord, 'failedCount' | 'lockedUntilMs'> | undefined> {
    return this.run(async () => {
      // Every SET expression sees the row as it was, on both dialects: one statement decides and
      // writes, so two concurrent failures cannot both miss the threshold.
      const reached = sql<boolean>`failed_count + 1 >= ${maxFailures}`;
      await this.db
        .updateTable('users')
        .set({
          failed_count: sql`case when ${reached} then 0 else failed_count + 1 end`,
          locked_until_ms: sql`case when ${reached} then ${atMs + lockMs} else locked_until_ms end`,
        })
        .where('username', '=', username)
        .execute();
      const row = await this.db
        .selectFrom('users')
        .select(['failed_count', 'locked_until_ms'])
        .where('username', '=', username)
        .executeTakeFirst();
      if (!row) return undefined;
      const lockedUntilMs = row.locked_until_ms === null ? null : Number(row.locked_until_ms);
      return { failedCount: Number(row.failed_count), lockedUntilMs };
    });
  }

  resetFailures(username: string): Promise<void> {
    return this.run(async () => {
      await this.db
        .updateTable('users')
        .set({ failed_count: 0, locked_until_ms: null })
        .where('username', '=', username)
        .execute();
    });
  }

  insertSession(s: SessionRecord): Promise<void> {
    return this.run(async () => {
      await this.db
        .insertInto('sessions')
        .values({
          id: s.id,
          username: s.username,
          created_ms: s.createdMs,
          last_seen_ms: s.lastSeenMs,
          expires_ms: s.expiresMs,
          revoked_ms: s.revokedMs,
          csrf_token: s.csrfToken,
        })
        .execute();
    });
  }

  findSession(id: string): Promise<SessionRecord | undefined> {
    return this.run(async () => {
      const row = await this.db
        .selectFrom('sessions')
        .selectAll()
        .where('id', '=', id)
        .executeTakeFirst();
      return row && toSession(row);
    });
  }

  touchSession(id: string, atMs: number): Promise<void> {
    return this.run(async () => {
      await this.db
        .updateTable('sessions')
        .set({ last_seen_ms: atMs })
        .where('id', '=', id)
        .execute();
    });
  }

  listActiveSessions(atMs: number, username?: string): Promise<SessionRecord[]> {
    return this.run(async () => {
      const rows = await this.db
        .selectFrom('sessions')
        .selectAll()
        .where('revoked_ms', 'is', null)
        .where('expires_ms', '>', atMs)
        .$if(username !== undefined, (q) => q.where('username', '=', username!))
        .orderBy('created_ms', 'desc')
        .orderBy('id')
        .execute();
      return rows.map(toSession);
    });
  }

  revokeSession(id: string, atMs: number): Promise<boolean> {
    return this.run(async () => {
      const r = await this.db
        .updateTable('sessions')
        .set({ revoked_ms: atMs })
        .where('id', '=', id)
        .where('revoked_ms', 'is', null)
        .executeTakeFirst();
      return r.numUpdatedRows === 1n;
    });
  }

  revokeUserSessions(username: string, atMs: number): Promise<number> {
    return this.run(async () => {
      const r = await this.db
        .updateTable('sessions')
        .set({ revoked_ms: atMs })
        .where('username', '=', username)
        .where('revoked_ms', 'is', null)
        .executeTakeFirst();
      return Number(r.numUpdatedRows);
    });
  }
}
