// GET /v1/quarantine: what could not be accepted, with its reason and raw text, newest first.
import type { FastifyInstance } from 'fastify';
import Type from 'typebox';
import { READERS } from '../../auth/roles.ts';
import type { ServerContext } from '../../server-context.ts';

const Query = Type.Object({
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000 })),
  cursor: Type.Optional(Type.Integer({ minimum: 1 })),
  source: Type.Optional(Type.String()),
});

export async function quarantineRoutes(app: FastifyInstance, ctx: ServerContext): Promise<void> {
  app.get(
    '/v1/quarantine',
    { config: { roles: READERS }, schema: { querystring: Query } },
    async (req) => {
      const q = req.query as Type.Static<typeof Query>;
      const limit = q.limit ?? 100;
      const rows = await ctx.store.listQuarantine({
        limit,
        ...(q.cursor !== undefined && { beforeId: q.cursor }),
        ...(q.source !== undefined && { source: q.source }),
      });
      const items = rows.map((r) => ({
        id: r.id,
        received: new Date(r.receivedMs).toISOString(),
        source: r.source,
        problem: { field: r.field, reason: r.reason },
        raw: r.raw,
      }));
      const last = rows[rows.length - 1];
      return {
        items,
        counts: await ctx.store.countQuarantine(),
        next: rows.length === limit && last ? last.id : null,
      };
    },
  );
}
