// POST /v1/events (ingest) and GET /v1/events (query, newest first, keyset paging) of DESIGN.md.
import type { FastifyInstance } from 'fastify';
import Type from 'typebox';
import type { EventFilter } from '@keywatch/store';
import { ApiError } from '../../api-error.ts';
import { ingestPrepared, prepareBody } from '../../services/ingest-service.ts';
import type { ServerContext } from '../../server-context.ts';
import { READERS } from '../../auth/roles.ts';
import { searchText } from '../../services/text-search.ts';

const QuerySchema = Type.Object({
  type: Type.Optional(Type.String()),
  type_prefix: Type.Optional(Type.String()),
  actor: Type.Optional(Type.String()),
  role: Type.Optional(Type.String()),
  outcome: Type.Optional(Type.String()),
  target: Type.Optional(Type.String()),
  host: Type.Optional(Type.String()),
  source: Type.Optional(Type.String()),
  severity: Type.Optional(Type.String()),
  since: Type.Optional(Type.String()),
  until: Type.Optional(Type.String()),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000 })),
  cursor: Type.Optional(Type.String({ pattern: '^[0-9]{1,16}$' })),
  text: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
});
type Query = Type.Static<typeof QuerySchema>;

function parseTime(value: string | undefined, name: string): number | undefined {
  if (value === undefined) return undefined;
  const ms = Date.parse(value);
  if (Number.isNaN(ms)) throw new ApiError('BAD_REQUEST', `${name} must be an RFC 3339 date-time`);
  return ms;
}

function toFilter(q: Query): EventFilter {
  const f: EventFilter = {};
  if (q.type !== undefined) f.types = q.type.split(',');
  if (q.type_prefix !== undefined) f.typePrefix = q.type_prefix;
  if (q.actor !== undefined) f.actorId = q.actor;
  if (q.role !== undefined) f.role = q.role;
  if (q.outcome !== undefined) f.outcome = q.outcome;
  if (q.target !== undefined) f.targetId = q.target;
  if (q.host !== undefined) f.host = q.host;
  if (q.source !== undefined) f.sourceKind = q.source;
  if (q.severity !== undefined) f.severity = q.severity;
  const since = parseTime(q.since, 'since');
  const until = parseTime(q.until, 'until');
  if (since !== undefined) f.sinceMs = since;
  if (until !== undefined) f.untilMs = until;
  if (q.cursor !== undefined) f.beforeIndex = Number(q.cursor);
  return f;
}

export async function eventsRoutes(app: FastifyInstance, ctx: ServerContext): Promise<void> {
  // Raw text parsers, scoped to this plugin: the handler parses, so a bad line is quarantined
  // instead of failing the whole request.
  app.removeAllContentTypeParsers();
  app.addContentTypeParser(
    ['application/json', 'application/x-ndjson', 'application/jsonl'],
    { parseAs: 'string' },
    (_req, body, done) => done(null, body),
  );

  app.post(
    '/v1/events',
    { config: { roles: ['ingest', 'admin'] }, bodyLimit: ctx.config.bodyLimit },
    async (req) => {
      const body = req.body as string;
      const ndjson = !(req.headers['content-type'] ?? '').startsWith('application/json');
      let items;
      try {
        items = prepareBody(body, ndjson);
      } catch (err) {
        if (err instanceof ApiError && err.code === 'BAD_JSON') {
          const id = await ctx.store.addQuarantine({
            receivedMs: Date.now(),
            source: `api:${req.principal!.name}`,
            field: '',
            reason: err.message,
            raw: body.slice(0, 1 << 20),
          });
          throw new ApiError(
            'BAD_JSON',
            `${err.message} (quarantined as ${id}; nothing was accepted)`,
          );
        }
        throw err;
      }
      const r = await ingestPrepared(items, {
        store: ctx.store,
        sequencer: ctx.sequencer,
        principal: req.principal!,
      });
      ctx.metrics.ingested.inc({ result: 'accepted' }, r.accepted);
      ctx.metrics.ingested.inc({ result: 'duplicate' }, r.duplicates);
      ctx.metrics.ingested.inc({ result: 'quarantined' }, r.quarantined);
      return r;
    },
  );

  app.get(
    '/v1/events',
    { config: { roles: READERS }, schema: { querystring: QuerySchema } },
    async (req, reply) => {
      const q = req.query as Query;
      const limit = q.limit ?? 100;
      let rows;
      let next: string | null;
      if (q.text !== undefined) {
        ({ rows, next } = await searchText(ctx.store, toFilter(q), q.text, limit));
      } else {
        rows = await ctx.store.queryEvents(toFilter(q), limit);
        const last = rows[rows.length - 1];
        next = rows.length === limit && last && last.index > 0 ? String(last.index) : null;
      }
      // Leaves are already canonical JSON: splice them in rather than parse and re-serialize.
      const events = rows.map((r) => Buffer.from(r.leaf).toString('utf8')).join(',');
      void reply.type('application/json; charset=utf-8');
      return `{"events":[${events}],"next":${JSON.stringify(next)}}`;
    },
  );
}
