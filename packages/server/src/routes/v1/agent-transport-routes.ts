// What an enrolled agent may do, each request signed (routes with `agentAuth: true`): send its own
// events and heartbeats, read its own policy. The body parser checks the body against the signed
// SHA-256 before anything reads it.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { AGENT_HEADERS } from '@keywatch/protocol';
import { AgentRequestAuth, agentIdOf } from '../../agents/agent-request-auth.ts';
import { ApiError } from '../../api-error.ts';
import type { ServerContext } from '../../server-context.ts';
import { fimAgentRoutes } from './fim-agent-routes.ts';

export async function agentTransportRoutes(
  app: FastifyInstance,
  ctx: ServerContext,
): Promise<void> {
  app.removeAllContentTypeParsers();
  app.addContentTypeParser(
    'application/json',
    { parseAs: 'buffer', bodyLimit: ctx.config.bodyLimit },
    (req, body: Buffer, done) => {
      try {
        AgentRequestAuth.checkBody(req, body);
        done(null, body.length === 0 ? undefined : (JSON.parse(body.toString('utf8')) as unknown));
      } catch (err) {
        done(
          err instanceof ApiError ? err : new ApiError('BAD_JSON', (err as Error).message),
          undefined,
        );
      }
    },
  );
  // The server's clock on every answer, refusals included: an agent whose timestamp was refused
  // (AGENT_TIMESTAMP_REFUSED) learns its offset from it and re-signs (agent-request-auth.ts).
  app.addHook('onSend', async (_req, reply) => {
    reply.header(AGENT_HEADERS.serverTime, String(ctx.agents.auth.clock()));
  });
  const agentOf = (req: FastifyRequest) => ctx.agents.get(agentIdOf(req));

  app.post('/v1/agents/events', { config: { agentAuth: true } }, async (req) => {
    const r = await ctx.agents.events.ingest(await agentOf(req), req.principal!, req.body);
    ctx.metrics.ingested.inc({ result: 'accepted' }, r.accepted);
    ctx.metrics.ingested.inc({ result: 'duplicate' }, r.duplicates);
    ctx.metrics.ingested.inc({ result: 'quarantined' }, r.quarantined);
    return r;
  });

  app.post('/v1/agents/heartbeat', { config: { agentAuth: true } }, async (req) => {
    const body = req.body as { health?: unknown } | undefined;
    await ctx.agents.heartbeat(await agentOf(req), body?.health ?? {});
    return { ok: true };
  });

  app.get('/v1/agents/policy', { config: { agentAuth: true } }, async (req) => ({
    note: await ctx.agents.signedPolicy(await agentOf(req)),
  }));

  fimAgentRoutes(app, ctx); // FIM baselines, known-good content, commands: same signed scope
}
