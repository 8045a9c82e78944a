// GET /v1/rules/site: the text of each site rule (the web view's editor starts from it). Readers
// see rules; changing them stays with rule-routes.ts (security officers and admins).
import type { FastifyInstance } from 'fastify';
import { READERS } from '../../auth/roles.ts';
import { loadSiteRules } from '../../detection/site-rules.ts';
import type { ServerContext } from '../../server-context.ts';

export async function siteRuleRoutes(app: FastifyInstance, ctx: ServerContext): Promise<void> {
  app.get('/v1/rules/site', { config: { roles: READERS } }, async () => ({
    rules: await loadSiteRules(ctx.store),
  }));
}
