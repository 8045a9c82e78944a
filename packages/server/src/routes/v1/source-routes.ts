// POST /v1/sources/{kind}/records: raw vendor records (Vault audit lines, a CloudTrail
// {"Records":[…]} file, CloudHSM or auditd text …, plain or gzip) normalized on the server and
// appended like POST /v1/events. POST /v1/sources/hash: the `hmac-sha256:` form of a value under
// this log's secrets key, so a reader can search for a token or password without it being stored.
import { gunzipSync } from 'node:zlib';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import Type from 'typebox';
import { hashSecret, SOURCE_KINDS, type SourceKind } from '@keywatch/sources';
import { ApiError } from '../../api-error.ts';
import { INGESTERS, READERS } from '../../auth/roles.ts';
import type { ServerContext } from '../../server-context.ts';
import { secretsKeyFor } from '../../sources/secrets-key.ts';
import { bodyLines, decodeLines, ingestRecords } from '../../sources/source-ingest-service.ts';

/** Lines per request: the decoders keep state per request, so the batch bounds memory and time. */
export const MAX_SOURCE_LINES = 50_000;

const HashBody = Type.Object({ value: Type.String({ minLength: 1, maxLength: 65_536 }) });

function isKind(kind: string): kind is SourceKind {
  return (SOURCE_KINDS as readonly string[]).includes(kind);
}

/** The body as text: gunzipped when labelled gzip or when it starts with the gzip magic bytes. */
function bodyText(req: FastifyRequest, body: Buffer, limit: number): string {
  const encoding = String(req.headers['content-encoding'] ?? 'identity').toLowerCase();
  const gzipped = encoding === 'gzip' || (body[0] === 0x1f && body[1] === 0x8b);
  if (!gzipped) {
    if (encoding !== 'identity') {
      throw new ApiError('UNSUPPORTED_MEDIA_TYPE', `content-encoding ${encoding} is not supported`);
    }
    return body.toString('utf8');
  }
  try {
    // Bounded like the body itself, so a small bomb cannot expand without limit.
    return gunzipSync(body, { maxOutputLength: limit }).toString('utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE') {
      throw new ApiError('BODY_TOO_LARGE', `the body expands beyond ${limit} bytes`);
    }
    throw new ApiError('BAD_REQUEST', `the body is not valid gzip: ${(err as Error).message}`);
  }
}

export async function sourceRoutes(app: FastifyInstance, ctx: ServerContext): Promise<void> {
  app.post(
    '/v1/sources/hash',
    { config: { roles: READERS }, schema: { body: HashBody } },
    async (req) => {
      // The value is neither logged nor recorded: the access event names only the route.
      const { value } = req.body as Type.Static<typeof HashBody>;
      return { hash: hashSecret(await secretsKeyFor(ctx), value) };
    },
  );

  await app.register(async (raw) => {
    // Any content type, as bytes: vendor files arrive as text/plain, application/json, gzip …
    raw.removeAllContentTypeParsers();
    raw.addContentTypeParser('*', { parseAs: 'buffer' }, (_req, body, done) => done(null, body));

    raw.post(
      '/v1/sources/:kind/records',
      { config: { roles: INGESTERS }, bodyLimit: ctx.config.bodyLimit },
      async (req) => {
        const { kind } = req.params as { kind: string };
        if (!isKind(kind)) {
          throw new ApiError(
            'NOT_FOUND',
            `unknown source kind "${kind}"; one of ${SOURCE_KINDS.join(', ')}`,
          );
        }
        const body = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
        const lines = bodyLines(bodyText(req, body, ctx.config.bodyLimit));
        if (lines.length > MAX_SOURCE_LINES) {
          throw new ApiError(
            'TOO_MANY_EVENTS',
            `at most ${MAX_SOURCE_LINES} lines per request; split the file on record boundaries`,
          );
        }
        const p = req.principal!;
        const r = await ingestRecords(kind, decodeLines(kind, lines, await secretsKeyFor(ctx)), {
          store: ctx.store,
          sequencer: ctx.sequencer,
          actor: { id: p.name, roles: [p.role], type: p.person ? 'user' : 'service' },
          via: `api:${p.name}`,
        });
        ctx.metrics.ingested.inc({ result: 'accepted' }, r.accepted);
        ctx.metrics.ingested.inc({ result: 'duplicate' }, r.duplicates);
        ctx.metrics.ingested.inc({ result: 'quarantined' }, r.quarantined);
        return r;
      },
    );
  });
}
