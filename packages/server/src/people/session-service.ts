// Web sessions: sign-in with username, password and (once enrolled) a TOTP code; lockout after
// repeated failures; sessions kept as SHA-256 of a 256-bit cookie secret (the table alone grants
// nothing), revocable, with an idle and an absolute limit; a per-session CSRF token that every
// state-changing request authenticated by cookie must echo in X-CSRF-Token. Every sign-in, failure,
// lockout and sign-out is an event in the log.
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { LogStore, SessionRecord, UserRecord } from '@keywatch/store';
import { ApiError } from '../api-error.ts';
import type { Principal } from '../auth/token-service.ts';
import type { Sequencer } from '../sequencer/sequencer.ts';
import { verifyPassword } from './password-hasher.ts';
import { peopleEvent, type ActorRef } from './people-events.ts';
import { totpStep } from './totp.ts';
import { isPersonRole, userView, type UserView } from './user-service.ts';

export const SESSION_COOKIE = 'kw_session';
const COOKIE_RE = /^[A-Za-z0-9_-]{43}$/;
/** last_seen is written at most this often: one write per minute, not one per request. */
const TOUCH_MS = 60_000;
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

export interface AuthSettings {
  /** Consecutive failures that lock an account, and for how long. */
  maxFailures: number;
  lockMinutes: number;
  /** Absolute session lifetime and idle limit. */
  sessionHours: number;
  idleMinutes: number;
}

export const DEFAULT_AUTH: AuthSettings = {
  maxFailures: 5,
  lockMinutes: 15,
  sessionHours: 8,
  idleMinutes: 60,
};

export interface SessionPrincipal extends Principal {
  sessionId: string;
  csrfToken: string;
}

export interface SignIn {
  /** The cookie value: shown to the browser once, stored only hashed. */
  secret: string;
  csrfToken: string;
  expiresMs: number;
  user: UserView;
}

export const sessionIdOf = (secret: string): string =>
  createHash('sha256').update(secret).digest('hex');

const sameText = (a: string, b: string): boolean =>
  a.length === b.length && timingSafeEqual(Buffer.from(a), Buffer.from(b));

export class SessionService {
  /** Per user, the last TOTP time step accepted (in this process: one sequencing server per log). */
  readonly #lastTotpStep = new Map<string, number>();
  constructor(
    private readonly store: LogStore,
    private readonly sequencer: Sequencer,
    readonly settings: AuthSettings = DEFAULT_AUTH,
    private readonly now: () => number = Date.now,
  ) {}

  async signIn(o: {
    username: string;
    password: string;
    totp?: string;
    ip: string;
  }): Promise<SignIn> {
    const users = this.store.users();
    const user = await users.getUser(o.username);
    const actor: ActorRef = {
      id: o.username.slice(0, 256),
      role: user?.role ?? 'unknown',
      ip: o.ip,
    };
    const now = this.now();
    if (user?.lockedUntilMs != null && user.lockedUntilMs > now) {
      await this.recordLogin(actor, 'failure', 'account locked');
      throw new ApiError(
        'ACCOUNT_LOCKED',
        `too many failed sign-ins: try again after ${new Date(user.lockedUntilMs).toISOString()}`,
      );
    }
    const passwordOk = await verifyPassword(user?.passwordHash, o.password);
    if (!user || !passwordOk || user.disabled) {
      await this.fail(
        user,
        actor,
        !user
          ? 'unknown user'
          : user.disabled && passwordOk
            ? 'account disabled'
            : 'wrong password',
      );
    }
    const enrolled = user!.totpSecret;
    if (enrolled !== null) {
      if (o.totp === undefined || o.totp === '')
        throw new ApiError(
          'TOTP_REQUIRED',
          'this account needs the code from its authenticator app',
        );
      // A code counts once (RFC 6238 §5.2): one seen over the shoulder or replayed is refused.
      const step = totpStep(enrolled, o.totp, this.now());
      const last = this.#lastTotpStep.get(user!.username);
      if (step === null) await this.fail(user, actor, 'wrong TOTP code');
      if (last !== undefined && step! <= last)
        await this.fail(user, actor, 'TOTP code used before');
      this.#lastTotpStep.set(user!.username, step!);
    }
    await users.resetFailures(user!.username);
    const secret = randomBytes(32).toString('base64url');
    const session: SessionRecord = {
      id: sessionIdOf(secret),
      username: user!.username,
      createdMs: now,
      lastSeenMs: now,
      expiresMs: now + this.settings.sessionHours * 3_600_000,
      revokedMs: null,
      csrfToken: randomBytes(32).toString('base64url'),
    };
    await users.insertSession(session);
    await this.recordLogin({ ...actor, session: session.id.slice(0, 16) }, 'success', 'signed in', {
      mfa: enrolled !== null,
    });
    return {
      secret,
      csrfToken: session.csrfToken,
      expiresMs: session.expiresMs,
      user: userView(user!, now),
    };
  }

  /** The person behind a session cookie, or UNAUTHENTICATED; CSRF_INVALID for an unsafe method without the token. */
  async authenticate(
    cookie: string,
    req: { method: string; csrfHeader: string | undefined },
  ): Promise<SessionPrincipal> {
    const now = this.now();
    const users = this.store.users();
    const s = COOKIE_RE.test(cookie) ? await users.findSession(sessionIdOf(cookie)) : undefined;
    const live =
      s !== undefined &&
      s.revokedMs === null &&
      s.expiresMs > now &&
      s.lastSeenMs + this.settings.idleMinutes * 60_000 > now;
    const user = live ? await users.getUser(s.username) : undefined;
    if (!s || !user || user.disabled || !isPersonRole(user.role))
      throw new ApiError(
        'UNAUTHENTICATED',
        'the session is unknown, expired or revoked: sign in again',
      );
    if (!SAFE_METHODS.has(req.method) && !sameText(req.csrfHeader ?? '', s.csrfToken))
      throw new ApiError('CSRF_INVALID', 'send the X-CSRF-Token of this session (GET /v1/auth/me)');
    if (now - s.lastSeenMs > TOUCH_MS) await users.touchSession(s.id, now);
    return {
      tokenId: `session:${s.id.slice(0, 16)}`,
      name: user.username,
      role: user.role,
      person: true,
      sessionId: s.id,
      csrfToken: s.csrfToken,
    };
  }

  async signOut(p: SessionPrincipal, ip: string): Promise<void> {
    await this.store.users().revokeSession(p.sessionId, this.now());
    await this.sequencer.record(
      peopleEvent({
        type: 'auth.logout',
        outcome: 'success',
        actor: { id: p.name, role: p.role, ip, session: p.sessionId.slice(0, 16) },
        target: { type: 'session', id: p.sessionId.slice(0, 16) },
        message: `${p.name} signed out`,
      }),
    );
  }

  /** Live sessions for an admin; ids are the stored hashes' first 16 hex digits. */
  async list(): Promise<
    { id: string; username: string; created: string; last_seen: string; expires: string }[]
  > {
    const rows = await this.store.users().listActiveSessions(this.now());
    return rows.map((s) => ({
      id: s.id.slice(0, 16),
      username: s.username,
      created: new Date(s.createdMs).toISOString(),
      last_seen: new Date(s.lastSeenMs).toISOString(),
      expires: new Date(s.expiresMs).toISOString(),
    }));
  }

  async revoke(actor: ActorRef, shortId: string): Promise<void> {
    const users = this.store.users();
    const match = (await users.listActiveSessions(this.now())).find((s) =>
      s.id.startsWith(shortId),
    );
    if (!match || !(await users.revokeSession(match.id, this.now())))
      throw new ApiError('NOT_FOUND', `no live session ${shortId}`);
    await this.sequencer.record(
      peopleEvent({
        type: 'auth.token_revoke',
        outcome: 'success',
        severity: 'medium',
        actor,
        target: { type: 'session', id: shortId },
        message: `session ${shortId} of ${match.username} revoked by ${actor.id}`,
        detail: { username: match.username },
      }),
    );
  }

  private async fail(
    user: UserRecord | undefined,
    actor: ActorRef,
    reason: string,
  ): Promise<never> {
    const s = this.settings;
    const after = user
      ? await this.store
          .users()
          .recordFailure(user.username, this.now(), s.maxFailures, s.lockMinutes * 60_000)
      : undefined;
    await this.recordLogin(actor, 'failure', reason);
    if (after?.lockedUntilMs != null && after.lockedUntilMs > this.now()) {
      await this.sequencer.record(
        peopleEvent({
          type: 'auth.lockout',
          outcome: 'success',
          severity: 'high',
          actor,
          target: { type: 'user', id: user!.username },
          message: `${user!.username} locked for ${s.lockMinutes} minutes after ${s.maxFailures} failed sign-ins`,
          detail: {
            locked_until: new Date(after.lockedUntilMs).toISOString(),
            failures: s.maxFailures,
          },
        }),
      );
    }
    throw new ApiError(
      'LOGIN_FAILED',
      'the username, password or code is wrong, or the account is disabled',
    );
  }

  private async recordLogin(
    actor: ActorRef,
    outcome: 'success' | 'failure',
    reason: string,
    detail: Record<string, unknown> = {},
  ): Promise<void> {
    await this.sequencer.record(
      peopleEvent({
        type: 'auth.login',
        outcome,
        actor,
        target: { type: 'user', id: actor.id },
        message: `sign-in by ${actor.id}: ${reason}`,
        detail: { ...detail, reason },
      }),
    );
  }
}
