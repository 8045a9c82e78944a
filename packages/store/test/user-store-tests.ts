// UserStore conformance: users round-trip, the atomic failure count and lockout, sessions listed,
// touched and revoked. Run on every dialect by conformance-suite.ts.
import { beforeEach, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { LogStore, SessionRecord, UserRecord, UserStore } from '../src/index.ts';
import type { OpenStore } from './conformance-suite.ts';

const T0 = Date.UTC(2026, 10, 29, 8, 0, 0);

function user(username: string, extra: Partial<UserRecord> = {}): UserRecord {
  return {
    username,
    passwordHash: `$argon2id$v=19$m=19456,t=2,p=1$${username}`,
    role: 'auditor',
    disabled: false,
    totpSecret: null,
    failedCount: 0,
    lockedUntilMs: null,
    createdMs: T0,
    updatedMs: T0,
    ...extra,
  };
}

function session(id: string, username: string, extra: Partial<SessionRecord> = {}): SessionRecord {
  return {
    id,
    username,
    createdMs: T0,
    lastSeenMs: T0,
    expiresMs: T0 + 3_600_000,
    revokedMs: null,
    csrfToken: `csrf-${id}`,
    ...extra,
  };
}

export function userStoreTests(dialect: string, fresh: OpenStore, another: OpenStore): void {
  describe(`UserStore conformance: ${dialect}`, () => {
    let store: LogStore;
    let users: UserStore;
    beforeEach(async () => {
      store = await fresh();
      users = store.users();
    });

    test('creates, reads, lists and updates users; a taken name is refused', async () => {
      assert.deepEqual(await users.listUsers(), []);
      assert.equal(await users.createUser(user('carol', { role: 'admin' })), true);
      assert.equal(await users.createUser(user('alice', { totpSecret: 'JBSWY3DPEHPK3PXP' })), true);
      assert.equal(await users.createUser(user('alice', { role: 'admin' })), false);
      assert.deepEqual(
        await users.getUser('alice'),
        user('alice', { totpSecret: 'JBSWY3DPEHPK3PXP' }),
      );
      assert.deepEqual(
        (await users.listUsers()).map((u) => u.username),
        ['alice', 'carol'],
      );
      assert.equal(
        await users.updateUser('alice', {
          role: 'security_officer',
          disabled: true,
          totpSecret: null,
          updatedMs: T0 + 5,
        }),
        true,
      );
      assert.deepEqual(
        await users.getUser('alice'),
        user('alice', { role: 'security_officer', disabled: true, updatedMs: T0 + 5 }),
      );
      assert.equal(await users.updateUser('nobody', { role: 'admin', updatedMs: T0 }), false);
      // Seen by a second connection: committed, not cached.
      assert.equal((await (await another()).users().getUser('alice'))?.disabled, true);
    });

    test('failures count up, the Nth locks and restarts the count; reset clears both', async () => {
      await users.createUser(user('bob'));
      assert.deepEqual(await users.recordFailure('bob', T0, 3, 60_000), {
        failedCount: 1,
        lockedUntilMs: null,
      });
      assert.deepEqual(await users.recordFailure('bob', T0, 3, 60_000), {
        failedCount: 2,
        lockedUntilMs: null,
      });
      assert.deepEqual(await users.recordFailure('bob', T0 + 7, 3, 60_000), {
        failedCount: 0,
        lockedUntilMs: T0 + 60_007,
      });
      assert.equal(await users.recordFailure('nobody', T0, 3, 60_000), undefined);
      await users.resetFailures('bob');
      const bob = await users.getUser('bob');
      assert.equal(bob?.failedCount, 0);
      assert.equal(bob?.lockedUntilMs, null);
    });

    test('concurrent failures are all counted', async () => {
      await users.createUser(user('dave'));
      const other = (await another()).users();
      await Promise.all(
        Array.from({ length: 8 }, (_, i) =>
          (i % 2 ? users : other).recordFailure('dave', T0, 100, 1),
        ),
      );
      assert.equal((await users.getUser('dave'))?.failedCount, 8);
    });

    test('sessions: found, touched, listed while live, revoked once', async () => {
      await users.createUser(user('erin'));
      await users.createUser(user('frank'));
      await users.insertSession(session('s1', 'erin'));
      await users.insertSession(session('s2', 'erin', { createdMs: T0 + 1 }));
      await users.insertSession(session('s3', 'frank', { expiresMs: T0 + 10 }));
      assert.deepEqual(await users.findSession('s1'), session('s1', 'erin'));
      assert.equal(await users.findSession('nope'), undefined);
      await users.touchSession('s1', T0 + 99);
      assert.equal((await users.findSession('s1'))?.lastSeenMs, T0 + 99);
      const ids = async (at: number, who?: string) =>
        (await users.listActiveSessions(at, who)).map((s) => s.id);
      assert.deepEqual(await ids(T0), ['s2', 's1', 's3']);
      assert.deepEqual(await ids(T0 + 10), ['s2', 's1'], 'expired sessions are not listed');
      assert.deepEqual(await ids(T0, 'frank'), ['s3']);
      assert.equal(await users.revokeSession('s1', T0 + 5), true);
      assert.equal(await users.revokeSession('s1', T0 + 6), false);
      assert.equal((await users.findSession('s1'))?.revokedMs, T0 + 5);
      assert.deepEqual(await ids(T0), ['s2', 's3']);
      await users.insertSession(session('s4', 'erin'));
      assert.equal(await users.revokeUserSessions('erin', T0 + 8), 2);
      assert.deepEqual(await ids(T0), ['s3']);
    });
  });
}
