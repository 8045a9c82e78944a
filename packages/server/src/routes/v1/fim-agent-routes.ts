// What an agent's FIM module may do over the signed transport (registered inside the agent
// transport scope, whose body parser checks the signed body hash): download and upload its own
// baseline (in one request or in chunks), upload known-good content and read back only its own, poll and complete its commands.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { agentIdOf } from '../../agents/agent-request-auth.ts';
import type { BaselineUpload } from '../../fim/fim-baseline-service.ts';
import { fimService } from '../../fim/fim-service.ts';
import type { ServerContext } from '../../server-context.ts';

const signed = { config: { agentAuth: true } };

export function fimAgentRoutes(app: FastifyInstance, ctx: ServerContext): void {
  const fim = fimService(ctx);
  const agentOf = (req: FastifyRequest) => ctx.agents.get(agentIdOf(req));
  const body = (req: FastifyRequest): Record<string, unknown> =>
    req.body !== null && typeof req.body === 'object' ? (req.body as Record<string, unknown>) : {};

  app.get('/v1/agents/fim/baseline', signed, async (req) =>
    fim.baselines.download(await agentOf(req)),
  );
  app.post('/v1/agents/fim/baseline', signed, async (req) =>
    fim.baselines.upload(await agentOf(req), body(req) as unknown as BaselineUpload),
  );
  // The same in chunks, for a baseline larger than one request (fim/baseline-uploads.ts).
  app.post('/v1/agents/fim/baseline-uploads', signed, async (req) =>
    fim.uploads.begin(await agentOf(req), body(req)),
  );
  app.post('/v1/agents/fim/baseline-uploads/:id/chunks', signed, async (req) =>
    fim.uploads.append(await agentOf(req), (req.params as { id: string }).id, body(req)),
  );
  app.post('/v1/agents/fim/baseline-uploads/:id/commit', signed, async (req) =>
    fim.uploads.commit(await agentOf(req), (req.params as { id: string }).id, body(req)),
  );
  app.post('/v1/agents/fim/content', signed, async (req) => {
    await agentOf(req); // a known, unrevoked agent
    return fim.content.put(body(req));
  });
  app.get('/v1/agents/fim/content/:sha256', signed, async (req) =>
    fim.content.getForAgent(await agentOf(req), (req.params as { sha256: string }).sha256),
  );
  app.get('/v1/agents/fim/commands', signed, async (req) => ({
    commands: await fim.commands.pending(await agentOf(req)),
  }));
  app.post('/v1/agents/fim/commands/:id/result', signed, async (req) => {
    const b = body(req);
    const id = (req.params as { id: string }).id;
    await fim.commands.complete(await agentOf(req), id, b['ok'] === true, b['result']);
    return { id, status: b['ok'] === true ? 'done' : 'failed' };
  });
}
