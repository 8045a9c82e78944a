// Sign-in for the web view: POST /v1/auth/login (public) sets the session cookie — HttpOnly,
// Secure, SameSite=Strict, Path=/ — and answers with the CSRF token; POST /v1/auth/logout, GET
// /v1/auth/me, and TOTP enrolment for the signed-in person. Admins list and revoke sessions.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import Type from 'typebox';
import { PERSON_ROLES } from '@keywatch/protocol';
import { ApiError } from '../../api-error.ts';
import { ADMINS } from '../../auth/roles.ts';
import { SESSION_COOKIE, type SessionPrincipal } from '../../people/session-service.ts';
import { newTotpSecret } from '../../people/totp.ts';
import type { ServerContext } from '../../server-context.ts';

const Login = Type.Object({
  username: Type.String({ minLength: 1, maxLength: 256 }),
  password: Type.String({ minLength: 1, maxLength: 1024 }),
  totp: Type.Optional(Type.String({ maxLength: 16 })),
});
const Enable = Type.Object({
  secret: Type.String({ minLength: 16, maxLength: 128 }),
  code: Type.String({ minLength: 6, maxLength: 6 }),
});
const SessionParams = Type.Object({ id: Type.String({ pattern: '^[0-9a-f]{16}$' }) });

/** Only a cookie session has a CSRF token to show and a session to end. */
function session(req: FastifyRequest): SessionPrincipal {
  const p = req.principal as SessionPrincipal | undefined;
  if (!p || typeof p.sessionId !== 'string')
    throw new ApiError('BAD_REQUEST', 'this request is not authenticated by a session cookie');
  return p;
}

export async function authRoutes(app: FastifyInstance, ctx: ServerContext): Promise<void> {
  const people = { config: { roles: PERSON_ROLES } };

  app.post(
    '/v1/auth/login',
    { config: { public: true }, schema: { body: Login } },
    async (req, reply) => {
      const b = req.body as Type.Static<typeof Login>;
      const s = await ctx.sessions.signIn({ ...b, ip: req.ip });
      void reply.setCookie(SESSION_COOKIE, s.secret, {
        httpOnly: true,
        secure: true, // browsers accept Secure cookies from http://localhost and 127.0.0.1 too
        sameSite: 'strict',
        path: '/',
        expires: new Date(s.expiresMs),
      });
      return {
        user: s.user,
        csrf_token: s.csrfToken,
        expires: new Date(s.expiresMs).toISOString(),
      };
    },
  );

  app.post('/v1/auth/logout', people, async (req, reply) => {
    await ctx.sessions.signOut(session(req), req.ip);
    void reply.clearCookie(SESSION_COOKIE, {
      path: '/',
      httpOnly: true,
      secure: true,
      sameSite: 'strict',
    });
    return { signed_out: true };
  });

  app.get('/v1/auth/me', people, async (req) => {
    const p = req.principal!;
    const user = await ctx.store.users().getUser(p.name);
    return {
      username: p.name,
      role: p.role,
      totp: user?.totpSecret != null,
      csrf_token: (p as Partial<SessionPrincipal>).csrfToken ?? null,
      // Capabilities other parts of keywatch add over time: the web view shows a page for each
      // once its API exists, and says "not available yet" before.
      features: { agents: app.hasRoute({ method: 'GET', url: '/v1/agents' }) },
    };
  });

  app.post('/v1/auth/totp/setup', people, async (req) => newTotpSecret(session(req).name));

  app.post('/v1/auth/totp/enable', { ...people, schema: { body: Enable } }, async (req) => {
    const p = session(req);
    const b = req.body as Type.Static<typeof Enable>;
    return {
      user: await ctx.users.enrolTotp({ id: p.name, role: p.role, ip: req.ip }, b.secret, b.code),
    };
  });

  app.get('/v1/sessions', { config: { roles: ADMINS } }, async () => ({
    sessions: await ctx.sessions.list(),
  }));

  app.post(
    '/v1/sessions/:id/revoke',
    { config: { roles: ADMINS }, schema: { params: SessionParams } },
    async (req) => {
      const { id } = req.params as { id: string };
      const p = req.principal!;
      await ctx.sessions.revoke({ id: p.name, role: p.role, ip: req.ip }, id);
      return { revoked: id };
    },
  );
}
