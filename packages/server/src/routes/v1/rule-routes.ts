// GET /v1/rules: the rules the detection engine runs (the shipped pack and site rules), for every
// reader — auditors read rules, only security officers and admins change them (rule files on the
// server; a change reloads the engine and is itself an event, through the access record).
import type { FastifyInstance } from 'fastify';
import { READERS } from '../../auth/roles.ts';
import type { ServerContext } from '../../server-context.ts';

export async function ruleRoutes(app: FastifyInstance, ctx: ServerContext): Promise<void> {
  app.get('/v1/rules', { config: { roles: READERS } }, async () => ({
    rules: ctx.rules.rules.map((r) => ({
      id: r.key,
      title: r.title,
      kind: r.kind,
      level: r.level ?? null,
      status: r.status ?? null,
      tags: r.tags,
      description: r.description ?? null,
      falsepositives: r.falsepositives,
      file: r.file,
    })),
  }));
}
