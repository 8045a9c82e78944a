// GET /v1/alerts (newest first, keyset paging), GET /v1/alerts/{id} (with its history), and
// POST /v1/alerts/{id}/acknowledge|resolve|suppress with a comment (DESIGN.md, HTTP). Every change
// names the person and is appended to the log before the answer (the alert service's events).
import type { FastifyInstance, FastifyRequest } from 'fastify';
import Type from 'typebox';
import type { AlertResult, AlertSummary } from '@keywatch/alert';
import { ApiError } from '../../api-error.ts';
import { ALERT_HANDLERS, READERS } from '../../auth/roles.ts';
import type { ServerContext } from '../../server-context.ts';

const Severity = Type.Union([
  Type.Literal('info'),
  Type.Literal('low'),
  Type.Literal('medium'),
  Type.Literal('high'),
  Type.Literal('critical'),
]);
const Status = Type.Union([
  Type.Literal('open'),
  Type.Literal('acknowledged'),
  Type.Literal('resolved'),
  Type.Literal('suppressed'),
]);
const ListQuery = Type.Object({
  status: Type.Optional(Status),
  severity: Type.Optional(Severity),
  rule: Type.Optional(Type.String({ minLength: 1, maxLength: 300 })),
  since: Type.Optional(Type.String({ format: 'date-time' })),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500 })),
  cursor: Type.Optional(Type.String({ maxLength: 400 })),
});
const Params = Type.Object({ id: Type.String({ minLength: 1, maxLength: 200 }) });
const Comment = Type.Object({ comment: Type.String({ minLength: 1, maxLength: 4000 }) });
const Suppress = Type.Object({
  reason: Type.String({ minLength: 1, maxLength: 4000 }),
  until: Type.String({ format: 'date-time' }),
});

/** What the API shows of an alert: times as RFC 3339, as everywhere else. */
function view(a: AlertSummary): Record<string, unknown> {
  return {
    ...a,
    firstSeen: new Date(a.firstSeenMs).toISOString(),
    lastSeen: new Date(a.lastSeenMs).toISOString(),
    updated: new Date(a.updatedMs).toISOString(),
    suppression: a.suppression && {
      reason: a.suppression.reason,
      until: new Date(a.suppression.untilMs).toISOString(),
    },
  };
}

const cursorOf = (a: AlertSummary): string =>
  Buffer.from(JSON.stringify([a.firstSeenMs, a.id])).toString('base64url');

function parseCursor(c: string): { firstSeenMs: number; id: string } {
  try {
    const [firstSeenMs, id] = JSON.parse(Buffer.from(c, 'base64url').toString()) as [
      number,
      string,
    ];
    if (Number.isSafeInteger(firstSeenMs) && typeof id === 'string') return { firstSeenMs, id };
  } catch {
    // falls through
  }
  throw new ApiError('BAD_REQUEST', 'cursor is not one this server gave out');
}

export async function alertRoutes(app: FastifyInstance, ctx: ServerContext): Promise<void> {
  const actor = (req: FastifyRequest) => ({ id: req.principal!.name, role: req.principal!.role });
  /** The change's events go into the log before the answer: no unrecorded alert change. */
  const commit = async (r: AlertResult) => {
    if (r.events.length > 0) {
      await ctx.sequencer.appendOwn(r.events.map((e) => ({ ...e, id: e.id! })));
    }
    return { alert: view(r.alert) };
  };

  app.get(
    '/v1/alerts',
    { config: { roles: READERS }, schema: { querystring: ListQuery } },
    async (req) => {
      const q = req.query as Type.Static<typeof ListQuery>;
      const limit = q.limit ?? 100;
      const rows = await ctx.alerts.list(
        {
          ...(q.status !== undefined && { status: q.status }),
          ...(q.severity !== undefined && { severity: q.severity }),
          ...(q.rule !== undefined && { ruleId: q.rule }),
          ...(q.since !== undefined && { sinceMs: Date.parse(q.since) }),
          ...(q.cursor !== undefined && { before: parseCursor(q.cursor) }),
        },
        limit,
      );
      const last = rows[rows.length - 1];
      return {
        alerts: rows.map(view),
        next: rows.length === limit && last ? cursorOf(last) : null,
      };
    },
  );

  app.get(
    '/v1/alerts/:id',
    { config: { roles: READERS }, schema: { params: Params } },
    async (req) => {
      const a = await ctx.alerts.get((req.params as { id: string }).id);
      return {
        alert: {
          ...view(a),
          history: a.history.map((h) => ({ ...h, at: new Date(h.atMs).toISOString() })),
        },
      };
    },
  );

  const change = { config: { roles: ALERT_HANDLERS } };
  app.post(
    '/v1/alerts/:id/acknowledge',
    { ...change, schema: { params: Params, body: Comment } },
    async (req) => {
      const { comment } = req.body as { comment: string };
      return commit(
        await ctx.alerts.acknowledge((req.params as { id: string }).id, actor(req), comment),
      );
    },
  );
  app.post(
    '/v1/alerts/:id/resolve',
    { ...change, schema: { params: Params, body: Comment } },
    async (req) => {
      const { comment } = req.body as { comment: string };
      return commit(
        await ctx.alerts.resolve((req.params as { id: string }).id, actor(req), comment),
      );
    },
  );
  app.post(
    '/v1/alerts/:id/suppress',
    { ...change, schema: { params: Params, body: Suppress } },
    async (req) => {
      const { reason, until } = req.body as Type.Static<typeof Suppress>;
      const id = (req.params as { id: string }).id;
      return commit(await ctx.alerts.suppress(id, actor(req), reason, Date.parse(until)));
    },
  );
}
