// Agents as people manage them (docs/agents.md): enrollment tokens, the list, revocation and
// policies, plus POST /v1/agents/enroll, which the enrollment token itself authorizes.
import type { FastifyInstance } from 'fastify';
import Type from 'typebox';
import { AGENT_ADMINS, READERS } from '../../auth/roles.ts';
import type { ServerContext } from '../../server-context.ts';

const TokenBody = Type.Object({
  ttl_seconds: Type.Optional(Type.Integer({ minimum: 60, maximum: 30 * 24 * 3600 })),
  name: Type.Optional(Type.String({ maxLength: 128 })),
  group: Type.Optional(Type.String({ maxLength: 128 })),
});
const EnrollBody = Type.Object({
  token: Type.String({ maxLength: 200 }),
  public_key: Type.String({ maxLength: 100 }),
  name: Type.Optional(Type.String({ maxLength: 128 })),
  group: Type.Optional(Type.String({ maxLength: 128 })),
  host: Type.Optional(Type.String({ minLength: 1, maxLength: 255 })),
});
const IdParams = Type.Object({ id: Type.String({ maxLength: 64 }) });
const GroupParams = Type.Object({ group: Type.String({ maxLength: 128 }) });
const RevokeBody = Type.Object({ reason: Type.Optional(Type.String({ maxLength: 1000 })) });

export async function agentAdminRoutes(app: FastifyInstance, ctx: ServerContext): Promise<void> {
  app.post(
    '/v1/agents/enrollment-tokens',
    { config: { roles: AGENT_ADMINS }, schema: { body: TokenBody } },
    async (req) => {
      const b = req.body as Type.Static<typeof TokenBody>;
      return ctx.agents.enrollment.createToken(req.principal!, {
        ttlMs: (b.ttl_seconds ?? 3600) * 1000,
        ...(b.name !== undefined && { name: b.name }),
        ...(b.group !== undefined && { group: b.group }),
      });
    },
  );

  app.post(
    '/v1/agents/enroll',
    { config: { public: true }, schema: { body: EnrollBody } },
    async (req) => {
      const b = req.body as Type.Static<typeof EnrollBody>;
      return ctx.agents.enrollment.enroll(
        {
          token: b.token,
          publicKey: b.public_key,
          ...(b.name !== undefined && { name: b.name }),
          ...(b.group !== undefined && { group: b.group }),
          ...(b.host !== undefined && { host: b.host }),
        },
        req.ip,
      );
    },
  );

  app.get('/v1/agents', { config: { roles: READERS } }, async () => ({
    agents: await ctx.agents.list(),
  }));

  app.post(
    '/v1/agents/:id/revoke',
    {
      config: { roles: AGENT_ADMINS },
      schema: { params: IdParams, body: Type.Optional(RevokeBody) },
    },
    async (req) => {
      const { id } = req.params as { id: string };
      const reason = (req.body as { reason?: string } | undefined)?.reason;
      await ctx.agents.revoke(id, req.principal!, reason);
      return { id, status: 'revoked' };
    },
  );

  app.put(
    '/v1/agents/:id/policy',
    { config: { roles: AGENT_ADMINS }, schema: { params: IdParams } },
    async (req) => {
      const { id } = req.params as { id: string };
      await ctx.agents.setPolicy({ agent: id }, req.body, req.principal!);
      return { agent: id, status: 'set' };
    },
  );

  app.put(
    '/v1/agent-groups/:group/policy',
    { config: { roles: AGENT_ADMINS }, schema: { params: GroupParams } },
    async (req) => {
      const { group } = req.params as { group: string };
      await ctx.agents.setPolicy({ group }, req.body, req.principal!);
      return { group, status: 'set' };
    },
  );
}
