// Maps every failure to the documented body {"error":{"code","message"}} (docs/errors.md). Codes
// from other domains keep their own name when they mean something to the client.
import type { FastifyError, FastifyInstance } from 'fastify';
import { ApiError, type ApiErrorCode } from './api-error.ts';

const FASTIFY_CODES: Record<string, ApiErrorCode> = {
  FST_ERR_CTP_BODY_TOO_LARGE: 'BODY_TOO_LARGE',
  FST_ERR_CTP_INVALID_MEDIA_TYPE: 'UNSUPPORTED_MEDIA_TYPE',
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: 'BAD_REQUEST',
  FST_ERR_CTP_EMPTY_JSON_BODY: 'BAD_JSON',
  FST_ERR_CTP_INVALID_JSON_BODY: 'BAD_JSON',
  FST_ERR_VALIDATION: 'BAD_REQUEST',
};

export function toApiError(err: unknown): ApiError {
  if (err instanceof ApiError) return err;
  const e = err as FastifyError & { code?: string };
  if (e.validation) return new ApiError('BAD_REQUEST', e.message);
  const mapped = e.code ? FASTIFY_CODES[e.code] : undefined;
  if (mapped) return new ApiError(mapped, e.message);
  if (e.statusCode === 429) return new ApiError('RATE_LIMITED', e.message);
  if (e.name === 'AlertError') return fromAlertError(e.code, e.message);
  if (e.name === 'DetectError') return new ApiError('RULE_INVALID', e.message);
  if (e.code === 'NOT_FOUND') return new ApiError('NOT_FOUND', e.message);
  if (e.code === 'PROOF_RANGE_INVALID') return new ApiError('PROOF_RANGE_INVALID', e.message);
  return new ApiError('INTERNAL', 'internal error', { cause: err });
}

/** AlertError codes (docs/errors.md, Alerts) keep their meaning over HTTP. */
function fromAlertError(code: string | undefined, message: string): ApiError {
  if (code === 'ALERT_NOT_FOUND') return new ApiError('NOT_FOUND', message);
  if (code === 'INVALID_TRANSITION') return new ApiError('CONFLICT', message);
  return new ApiError('BAD_REQUEST', `${code ?? 'ALERT'}: ${message}`);
}

export function installErrorHandler(app: FastifyInstance): void {
  app.setErrorHandler((err, req, reply) => {
    const api = toApiError(err);
    if (api.code === 'INTERNAL') req.log.error({ err }, 'request failed');
    void reply.status(api.statusCode).send({ error: { code: api.code, message: api.message } });
  });
  app.setNotFoundHandler((req, reply) => {
    void reply.status(404).send({
      error: { code: 'NOT_FOUND', message: `no route ${req.method} ${req.url.split('?')[0]}` },
    });
  });
}
