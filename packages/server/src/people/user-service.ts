// Accounts of people who sign in to the web view: created, disabled, enabled and given roles by an
// admin (HTTP or `keywatch user`). Roles are those of API tokens held by people (no `ingest`).
// Every change is an event in the log before the caller gets an answer.
import { PERSON_ROLES, type ApiRole } from '@keywatch/protocol';
import type { LogStore, UserRecord } from '@keywatch/store';
import { ApiError } from '../api-error.ts';
import type { Sequencer } from '../sequencer/sequencer.ts';
import { hashPassword, passwordProblem } from './password-hasher.ts';
import { checkTotp } from './totp.ts';
import { peopleEvent, type ActorRef } from './people-events.ts';

export const USERNAME_RE = /^[A-Za-z0-9][A-Za-z0-9._@-]{0,63}$/;

export interface UserView {
  username: string;
  role: string;
  disabled: boolean;
  totp: boolean;
  locked_until: string | null;
  created: string;
  updated: string;
}

export function userView(u: UserRecord, nowMs: number): UserView {
  const locked = u.lockedUntilMs !== null && u.lockedUntilMs > nowMs;
  return {
    username: u.username,
    role: u.role,
    disabled: u.disabled,
    totp: u.totpSecret !== null,
    locked_until: locked ? new Date(u.lockedUntilMs!).toISOString() : null,
    created: new Date(u.createdMs).toISOString(),
    updated: new Date(u.updatedMs).toISOString(),
  };
}

export function isPersonRole(role: string): role is ApiRole {
  return (PERSON_ROLES as readonly string[]).includes(role);
}

export class UserService {
  constructor(
    private readonly store: LogStore,
    private readonly sequencer: Sequencer,
    private readonly now: () => number = Date.now,
  ) {}

  async list(): Promise<UserView[]> {
    const now = this.now();
    return (await this.store.users().listUsers()).map((u) => userView(u, now));
  }

  async create(
    actor: ActorRef,
    o: { username: string; password: string; role: string },
  ): Promise<UserView> {
    if (!USERNAME_RE.test(o.username))
      throw new ApiError('BAD_REQUEST', 'username: 1-64 letters, digits, ".", "_", "@" or "-"');
    checkRole(o.role);
    const problem = passwordProblem(o.password);
    if (problem) throw new ApiError('BAD_REQUEST', `password: ${problem}`);
    const now = this.now();
    const record: UserRecord = {
      username: o.username,
      passwordHash: await hashPassword(o.password),
      role: o.role,
      disabled: false,
      totpSecret: null,
      failedCount: 0,
      lockedUntilMs: null,
      createdMs: now,
      updatedMs: now,
    };
    if (!(await this.store.users().createUser(record)))
      throw new ApiError('CONFLICT', `a user named ${o.username} exists already`);
    await this.record(
      actor,
      'user.create',
      o.username,
      `user ${o.username} created with role ${o.role}`,
      {
        role: o.role,
      },
    );
    return userView(record, now);
  }

  async setDisabled(actor: ActorRef, username: string, disabled: boolean): Promise<UserView> {
    if (disabled && username === actor.id)
      throw new ApiError('CONFLICT', 'you cannot disable your own account: ask another admin');
    const user = await this.update(username, { disabled });
    // A disabled person's open sessions end now, not when they expire.
    const revoked = disabled
      ? await this.store.users().revokeUserSessions(username, this.now())
      : 0;
    const verb = disabled ? 'disabled' : 'enabled';
    await this.record(actor, 'user.change', username, `user ${username} ${verb}`, {
      change: verb,
      sessions_revoked: revoked,
    });
    return user;
  }

  async setRole(actor: ActorRef, username: string, role: string): Promise<UserView> {
    checkRole(role);
    if (username === actor.id && role !== actor.role)
      throw new ApiError('CONFLICT', 'you cannot change your own role: ask another admin');
    const before = await this.store.users().getUser(username);
    const user = await this.update(username, { role });
    await this.record(actor, 'role.assign', username, `user ${username} now has role ${role}`, {
      role,
      previous_role: before?.role ?? null,
    });
    return user;
  }

  /** Stores a TOTP secret once the person proves their authenticator has it. */
  async enrolTotp(actor: ActorRef, secret: string, code: string): Promise<UserView> {
    if (!/^[A-Z2-7]{16,128}$/.test(secret) || !checkTotp(secret, code))
      throw new ApiError(
        'BAD_REQUEST',
        'the code does not match the secret: check the app and the clock',
      );
    await this.store.users().updateUser(actor.id, { totpSecret: secret, updatedMs: this.now() });
    await this.record(actor, 'user.change', actor.id, `${actor.id} enrolled a TOTP second factor`, {
      change: 'totp_enrolled',
    });
    return userView((await this.store.users().getUser(actor.id))!, this.now());
  }

  private async update(
    username: string,
    patch: { disabled?: boolean; role?: string },
  ): Promise<UserView> {
    const users = this.store.users();
    if (!(await users.updateUser(username, { ...patch, updatedMs: this.now() })))
      throw new ApiError('NOT_FOUND', `no user named ${username}`);
    return userView((await users.getUser(username))!, this.now());
  }

  private async record(
    actor: ActorRef,
    type: string,
    username: string,
    message: string,
    detail: Record<string, unknown>,
  ): Promise<void> {
    await this.sequencer.record(
      peopleEvent({
        type,
        outcome: 'success',
        severity: 'medium',
        actor,
        target: { type: 'user', id: username },
        message,
        detail,
      }),
    );
  }
}

function checkRole(role: string): void {
  if (!isPersonRole(role))
    throw new ApiError('BAD_REQUEST', `role must be one of ${PERSON_ROLES.join(', ')}`);
}
