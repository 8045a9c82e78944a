// GET /healthz (public liveness: says nothing about the data) and GET /metrics (authenticated).
import type { FastifyInstance } from 'fastify';
import { READERS } from '../auth/roles.ts';
import type { ServerContext } from '../server-context.ts';

export async function healthRoutes(app: FastifyInstance, ctx: ServerContext): Promise<void> {
  app.get('/healthz', { config: { public: true } }, async () => ({ status: 'ok' }));
  app.get('/metrics', { config: { roles: READERS } }, async (_req, reply) => {
    ctx.metrics.logSize.set(ctx.sequencer.latestCheckpoint().size);
    void reply.type(ctx.metrics.registry.contentType);
    return ctx.metrics.registry.metrics();
  });
}
