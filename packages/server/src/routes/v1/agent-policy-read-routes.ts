// What an agent is told to run, for people: GET /v1/agents/{id}/policy answers the policy the
// agent receives (its own, else its group's, else the empty default) and where it comes from, so
// the web view and the CLI can show it. Readers only; the agent reads its signed copy through
// GET /v1/agents/policy, and PUT on this path (agent-admin-routes.ts) sets it.
import type { FastifyInstance } from 'fastify';
import Type from 'typebox';
import { READERS } from '../../auth/roles.ts';
import type { ServerContext } from '../../server-context.ts';

const IdParams = Type.Object({ id: Type.String({ maxLength: 64 }) });

export async function agentPolicyReadRoutes(
  app: FastifyInstance,
  ctx: ServerContext,
): Promise<void> {
  app.get(
    '/v1/agents/:id/policy',
    { config: { roles: READERS }, schema: { params: IdParams } },
    async (req) => {
      const agent = await ctx.agents.get((req.params as { id: string }).id);
      const group =
        agent.group === null ? undefined : await ctx.store.agents().getGroupPolicy(agent.group);
      const text = agent.policy ?? group ?? '{}';
      return {
        agent: agent.id,
        group: agent.group,
        scope: agent.policy !== null ? 'agent' : group !== undefined ? 'group' : 'default',
        policy: JSON.parse(text) as Record<string, unknown>,
      };
    },
  );
}
