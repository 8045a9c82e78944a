// FIM as people manage it (docs/fim.md): a security officer or admin asks an agent to re-baseline
// or to restore a file from its known-good copy; readers see the agent's baseline and commands.
// The audit administrator reads but never changes what is monitored; agents cannot call these.
import type { FastifyInstance } from 'fastify';
import Type from 'typebox';
import { AGENT_ADMINS, READERS } from '../../auth/roles.ts';
import { baselineSummary } from '../../fim/fim-baseline-service.ts';
import { fimService } from '../../fim/fim-service.ts';
import type { ServerContext } from '../../server-context.ts';

const IdParams = Type.Object({ id: Type.String({ maxLength: 64 }) });
const RebaselineBody = Type.Object({ reason: Type.Optional(Type.String({ maxLength: 1000 })) });
const RestoreBody = Type.Object({ path: Type.String({ minLength: 1, maxLength: 4096 }) });

export async function fimRoutes(app: FastifyInstance, ctx: ServerContext): Promise<void> {
  const fim = fimService(ctx);

  app.get(
    '/v1/agents/:id/fim',
    { config: { roles: READERS }, schema: { params: IdParams } },
    async (req) => {
      const agent = await ctx.agents.get((req.params as { id: string }).id);
      const latest = await ctx.store.fim().latestBaseline(agent.id);
      return {
        agent: agent.id,
        baseline: latest ? baselineSummary(latest) : null,
        commands: await fim.commands.recent(agent.id),
      };
    },
  );

  app.post(
    '/v1/agents/:id/fim/rebaseline',
    {
      config: { roles: AGENT_ADMINS },
      schema: { params: IdParams, body: Type.Optional(RebaselineBody) },
    },
    async (req) => {
      const agent = await ctx.agents.get((req.params as { id: string }).id);
      const reason = (req.body as { reason?: string } | undefined)?.reason;
      return fim.commands.requestRebaseline(agent, req.principal!, reason);
    },
  );

  app.post(
    '/v1/agents/:id/fim/restore',
    { config: { roles: AGENT_ADMINS }, schema: { params: IdParams, body: RestoreBody } },
    async (req) => {
      const agent = await ctx.agents.get((req.params as { id: string }).id);
      const { path } = req.body as Type.Static<typeof RestoreBody>;
      return fim.commands.requestRestore(agent, path, req.principal!);
    },
  );
}
