// POST /v1/tokens: an administrator issues an API token (the secret is shown once, never stored).
import type { FastifyInstance } from 'fastify';
import Type from 'typebox';
import { API_ROLES, type ApiRole } from '@keywatch/protocol';
import { ADMINS } from '../../auth/roles.ts';
import type { ServerContext } from '../../server-context.ts';

const Body = Type.Object({
  role: Type.String({ enum: [...API_ROLES] }),
  name: Type.String({ minLength: 1, maxLength: 128 }),
  ttl_seconds: Type.Optional(Type.Integer({ minimum: 60 })),
});

export async function tokenRoutes(app: FastifyInstance, ctx: ServerContext): Promise<void> {
  app.post(
    '/v1/tokens',
    { config: { roles: ADMINS }, schema: { body: Body } },
    async (req, reply) => {
      const b = req.body as Type.Static<typeof Body> & { role: ApiRole };
      const created = await ctx.tokens.create({
        role: b.role,
        name: b.name,
        ...(b.ttl_seconds !== undefined && { ttlMs: b.ttl_seconds * 1000 }),
      });
      await ctx.sequencer.record({
        time: new Date().toISOString(),
        type: 'token.create',
        outcome: 'success',
        severity: 'medium',
        actor: { id: req.principal!.name, roles: [req.principal!.role], type: 'user', ip: req.ip },
        target: { type: 'token', id: created.id, name: b.name },
        source: { kind: 'keywatch' },
        detail: { role: b.role },
      });
      void reply.status(201);
      return { id: created.id, token: created.token, role: b.role, name: b.name };
    },
  );
}
