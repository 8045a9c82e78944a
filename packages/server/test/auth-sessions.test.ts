// Web sign-in against a real server: argon2id passwords, the session cookie's attributes, CSRF on
// state-changing cookie requests, lockout, TOTP, revocation by an admin, users managed by role,
// and every step recorded in the log.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { StoredEvent } from '@keywatch/protocol';
import { totpCode } from '../src/people/totp.ts';
import { auth, startTestServer, type TestServer } from './test-server.ts';

const PASSWORD = 'correct horse battery staple';

interface Answer {
  error?: { code: string };
  user?: { disabled: boolean; role: string };
}

describe('web sessions and users', () => {
  let t: TestServer;
  const inject = (o: {
    method?: string;
    url: string;
    cookie?: string;
    csrf?: string;
    token?: string;
    body?: unknown;
  }) =>
    t.server.app.inject({
      method: (o.method ?? 'GET') as 'GET',
      url: o.url,
      headers: {
        ...(o.token !== undefined && auth(o.token)),
        ...(o.cookie !== undefined && { cookie: `kw_session=${o.cookie}` }),
        ...(o.csrf !== undefined && { 'x-csrf-token': o.csrf }),
        ...(o.body !== undefined && { 'content-type': 'application/json' }),
      },
      ...(o.body !== undefined && { payload: JSON.stringify(o.body) }),
    });
  const login = async (username: string, password = PASSWORD, totp?: string) => {
    const res = await inject({
      method: 'POST',
      url: '/v1/auth/login',
      body: { username, password, ...(totp !== undefined && { totp }) },
    });
    const set = String(res.headers['set-cookie'] ?? '');
    const cookie = /kw_session=([^;]+)/.exec(set)?.[1];
    return { res, set, cookie, csrf: res.json<{ csrf_token?: string }>().csrf_token };
  };
  const events = async (type: string): Promise<StoredEvent[]> =>
    (await inject({ url: `/v1/events?type=${type}`, token: t.adminToken })).json<{
      events: StoredEvent[];
    }>().events;

  before(async () => {
    t = await startTestServer({
      config: { auth: { maxFailures: 3, lockMinutes: 15, sessionHours: 8, idleMinutes: 60 } },
    });
    for (const [username, role] of [
      ['ada', 'admin'],
      ['otto', 'auditor'],
      ['lou', 'security_officer'],
      ['tess', 'audit_admin'],
    ]) {
      const res = await inject({
        method: 'POST',
        url: '/v1/users',
        token: t.adminToken,
        body: { username, password: PASSWORD, role },
      });
      assert.equal(res.statusCode, 201, res.body);
    }
  });
  after(() => t.close());

  test('users: refused for ingest roles, duplicate names, short passwords', async () => {
    const bad = await inject({
      method: 'POST',
      url: '/v1/users',
      token: t.adminToken,
      body: { username: 'x', password: 'short', role: 'auditor' },
    });
    assert.equal(bad.statusCode, 400);
    const ingest = await inject({
      method: 'POST',
      url: '/v1/users',
      token: t.adminToken,
      body: { username: 'bot', password: PASSWORD, role: 'ingest' },
    });
    assert.equal(ingest.statusCode, 400, 'people cannot hold the ingest role');
    const dup = await inject({
      method: 'POST',
      url: '/v1/users',
      token: t.adminToken,
      body: { username: 'ada', password: PASSWORD, role: 'auditor' },
    });
    assert.equal(dup.json<Answer>().error!.code, 'CONFLICT');
    const list = (await inject({ url: '/v1/users', token: t.adminToken })).json<{
      users: { username: string; role: string }[];
    }>();
    assert.deepEqual(
      list.users.map((u) => `${u.username}:${u.role}`),
      ['ada:admin', 'lou:security_officer', 'otto:auditor', 'tess:audit_admin'],
    );
    assert.equal((await events('user.create')).length, 4);
  });

  test('sign-in sets a HttpOnly, Secure, SameSite=Strict cookie; me shows role and CSRF token', async () => {
    const { res, set, cookie, csrf } = await login('otto');
    assert.equal(res.statusCode, 200, res.body);
    assert.match(set, /HttpOnly/);
    assert.match(set, /Secure/);
    assert.match(set, /SameSite=Strict/);
    assert.match(set, /Path=\//);
    const me = await inject({ url: '/v1/auth/me', cookie: cookie! });
    assert.deepEqual(me.json(), {
      username: 'otto',
      role: 'auditor',
      totp: false,
      csrf_token: csrf,
      // Whether GET /v1/agents exists on this server (the web view shows the page then).
      features: { agents: t.server.app.hasRoute({ method: 'GET', url: '/v1/agents' }) },
    });
    // Reads work with the cookie alone; the auditor still may not manage users.
    assert.equal((await inject({ url: '/v1/events', cookie: cookie! })).statusCode, 200);
    assert.equal((await inject({ url: '/v1/users', cookie: cookie! })).statusCode, 403);
    const ok = await events('auth.login');
    assert.ok(ok.some((e) => e.actor.id === 'otto' && e.outcome === 'success'));
  });

  test('state-changing cookie requests need the X-CSRF-Token of their session', async () => {
    const { cookie, csrf } = await login('ada');
    const body = { username: 'newbie', password: PASSWORD, role: 'auditor' };
    const without = await inject({ method: 'POST', url: '/v1/users', cookie: cookie!, body });
    assert.equal(without.statusCode, 403);
    assert.equal(without.json<Answer>().error!.code, 'CSRF_INVALID');
    const wrong = await inject({
      method: 'POST',
      url: '/v1/users',
      cookie: cookie!,
      csrf: 'x'.repeat(43),
      body,
    });
    assert.equal(wrong.json<Answer>().error!.code, 'CSRF_INVALID');
    const right = await inject({
      method: 'POST',
      url: '/v1/users',
      cookie: cookie!,
      csrf: csrf!,
      body,
    });
    assert.equal(right.statusCode, 201, right.body);
    const created = (await events('user.create')).find((e) => e.target?.id === 'newbie');
    assert.equal(created?.actor.id, 'ada', 'the change names the person');
  });

  test('sign-out ends the session', async () => {
    const { cookie, csrf } = await login('lou');
    const out = await inject({
      method: 'POST',
      url: '/v1/auth/logout',
      cookie: cookie!,
      csrf: csrf!,
    });
    assert.equal(out.statusCode, 200);
    assert.match(String(out.headers['set-cookie']), /kw_session=;/);
    const me = await inject({ url: '/v1/auth/me', cookie: cookie! });
    assert.equal(me.json<Answer>().error!.code, 'UNAUTHENTICATED');
    assert.ok((await events('auth.logout')).some((e) => e.actor.id === 'lou'));
  });

  test('repeated failures lock the account, even for the right password, and are logged', async () => {
    await inject({
      method: 'POST',
      url: '/v1/users',
      token: t.adminToken,
      body: { username: 'mallory', password: PASSWORD, role: 'auditor' },
    });
    for (let i = 0; i < 3; i++) {
      const r = await login('mallory', 'wrong password guess');
      assert.equal(r.res.json<Answer>().error!.code, 'LOGIN_FAILED');
      assert.equal(r.cookie, undefined);
    }
    const locked = await login('mallory');
    assert.equal(locked.res.statusCode, 423);
    assert.equal(locked.res.json<Answer>().error!.code, 'ACCOUNT_LOCKED');
    const lockouts = await events('auth.lockout');
    assert.equal(lockouts.length, 1);
    assert.equal(lockouts[0]!.target?.id, 'mallory');
    const failures = (await events('auth.login')).filter((e) => e.actor.id === 'mallory');
    assert.equal(failures.length, 4);
    assert.ok(failures.every((e) => e.outcome === 'failure'));
    const unknown = await login('nobody-here');
    assert.equal(
      unknown.res.json<Answer>().error!.code,
      'LOGIN_FAILED',
      'same answer as a wrong password',
    );
  });

  test('TOTP: enrol with a valid code, then sign-in needs it', async () => {
    const { cookie, csrf } = await login('tess');
    const setup = (
      await inject({ method: 'POST', url: '/v1/auth/totp/setup', cookie: cookie!, csrf: csrf! })
    ).json<{ secret: string; uri: string }>();
    assert.match(setup.uri, /^otpauth:\/\/totp\//);
    const bad = await inject({
      method: 'POST',
      url: '/v1/auth/totp/enable',
      cookie: cookie!,
      csrf: csrf!,
      body: { secret: setup.secret, code: '000000' },
    });
    assert.equal(bad.statusCode, 400);
    const good = await inject({
      method: 'POST',
      url: '/v1/auth/totp/enable',
      cookie: cookie!,
      csrf: csrf!,
      body: { secret: setup.secret, code: totpCode(setup.secret) },
    });
    assert.equal(good.statusCode, 200, good.body);
    const needs = await login('tess');
    assert.equal(needs.res.json<Answer>().error!.code, 'TOTP_REQUIRED');
    assert.equal(needs.cookie, undefined);
    const wrong = await login(
      'tess',
      PASSWORD,
      '123456' === totpCode(setup.secret) ? '654321' : '123456',
    );
    assert.equal(wrong.res.json<Answer>().error!.code, 'LOGIN_FAILED');
    const code = totpCode(setup.secret);
    const ok = await login('tess', PASSWORD, code);
    assert.equal(ok.res.statusCode, 200, ok.res.body);
    const replay = await login('tess', PASSWORD, code);
    assert.equal(replay.res.json<Answer>().error!.code, 'LOGIN_FAILED', 'a code counts once');
  });

  test('an admin lists and revokes sessions; disabling a user ends theirs', async () => {
    const victim = await login('otto');
    const admin = await login('ada');
    const list = (await inject({ url: '/v1/sessions', cookie: admin.cookie! })).json<{
      sessions: { id: string; username: string }[];
    }>();
    const ottos = list.sessions.filter((s) => s.username === 'otto');
    assert.ok(ottos.length >= 1);
    for (const s of ottos) {
      const r = await inject({
        method: 'POST',
        url: `/v1/sessions/${s.id}/revoke`,
        cookie: admin.cookie!,
        csrf: admin.csrf!,
      });
      assert.equal(r.statusCode, 200, r.body);
    }
    assert.equal((await inject({ url: '/v1/auth/me', cookie: victim.cookie! })).statusCode, 401);
    assert.ok((await events('auth.token_revoke')).length >= 1);

    const lou = await login('lou');
    const dis = await inject({
      method: 'POST',
      url: '/v1/users/lou/disable',
      cookie: admin.cookie!,
      csrf: admin.csrf!,
    });
    assert.equal(dis.json<Answer>().user!.disabled, true);
    assert.equal((await inject({ url: '/v1/auth/me', cookie: lou.cookie! })).statusCode, 401);
    assert.equal((await login('lou')).res.json<Answer>().error!.code, 'LOGIN_FAILED');
    await inject({
      method: 'POST',
      url: '/v1/users/lou/enable',
      cookie: admin.cookie!,
      csrf: admin.csrf!,
    });
    const role = await inject({
      method: 'POST',
      url: '/v1/users/lou/role',
      cookie: admin.cookie!,
      csrf: admin.csrf!,
      body: { role: 'auditor' },
    });
    assert.equal(role.json<Answer>().user!.role, 'auditor');
    const relogin = await login('lou');
    const me = await inject({ url: '/v1/auth/me', cookie: relogin.cookie! });
    assert.equal(me.json<{ role: string }>().role, 'auditor');
    assert.ok((await events('role.assign')).some((e) => e.target?.id === 'lou'));
    const self = await inject({
      method: 'POST',
      url: '/v1/users/ada/disable',
      cookie: admin.cookie!,
      csrf: admin.csrf!,
    });
    assert.equal(self.json<Answer>().error!.code, 'CONFLICT', 'an admin cannot disable themselves');
  });

  test('a bogus or revoked cookie is refused and the refusal is logged', async () => {
    const res = await inject({ url: '/v1/events', cookie: 'A'.repeat(43) });
    assert.equal(res.statusCode, 401);
    const denied = await events('api.access_denied');
    assert.ok(denied.some((e) => (e.detail as { url?: string }).url === '/v1/events'));
  });
});
