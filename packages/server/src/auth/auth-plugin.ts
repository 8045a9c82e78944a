// Every route authenticates and checks its role (route config `roles`; `public: true` opts out,
// for /healthz only). Requests by people, and every refused request, are recorded in the log
// before the answer leaves (fail closed: no record, no answer).
import fp from 'fastify-plugin';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { ApiRole, NativeEvent } from '@keywatch/protocol';
import { ApiError } from '../api-error.ts';
import type { Sequencer } from '../sequencer/sequencer.ts';
import type { Principal, TokenService } from './token-service.ts';
import { SESSION_COOKIE, type SessionService } from '../people/session-service.ts';
import type { AgentRequestAuth } from '../agents/agent-request-auth.ts';

declare module 'fastify' {
  interface FastifyRequest {
    principal: Principal | undefined;
  }
  interface FastifyContextConfig {
    roles?: readonly ApiRole[];
    public?: boolean;
    /** Signed agent requests only (agents/agent-request-auth.ts); no bearer token, no role. */
    agentAuth?: boolean;
  }
}

export interface AuthPluginOptions {
  tokens: TokenService;
  sequencer: Sequencer;
  /** Web sessions: a request without an Authorization header may authenticate by cookie. */
  sessions?: SessionService;
  /** Enrolled agents' signed requests, for routes with `agentAuth: true`. */
  agents?: AgentRequestAuth;
}

function accessEvent(req: FastifyRequest, reply: FastifyReply): NativeEvent {
  const p = req.principal;
  const status = reply.statusCode;
  const denied = status === 401 || status === 403;
  return {
    time: new Date().toISOString(),
    type: denied ? 'api.access_denied' : req.method === 'GET' ? 'api.read' : 'api.write',
    outcome: status < 400 ? 'success' : 'failure',
    severity: denied ? 'medium' : 'info',
    actor: p
      ? {
          id: p.name,
          roles: [p.role],
          type: p.person ? 'user' : 'service',
          ip: req.ip,
          session: p.tokenId,
        }
      : { id: 'anonymous', roles: ['anonymous'], type: 'unknown', ip: req.ip },
    target: { type: 'api', id: req.routeOptions.url ?? req.url.split('?')[0]! },
    source: { kind: 'keywatch', request_id: req.id },
    detail: { method: req.method, url: req.url, status },
  };
}

export const authPlugin = fp<AuthPluginOptions>(async (app, opts) => {
  app.decorateRequest('principal', undefined);
  app.addHook('onRequest', async (req) => {
    const config = req.routeOptions.config;
    if (config.public) return;
    if (config.agentAuth) {
      if (!opts.agents) throw new ApiError('NOT_FOUND', 'agents are not enabled');
      req.principal = await opts.agents.authenticate(req);
      return;
    }
    const cookie =
      req.headers.authorization === undefined ? req.cookies?.[SESSION_COOKIE] : undefined;
    const csrf = req.headers['x-csrf-token'];
    req.principal =
      cookie !== undefined && opts.sessions
        ? await opts.sessions.authenticate(cookie, {
            method: req.method,
            csrfHeader: typeof csrf === 'string' ? csrf : undefined,
          })
        : await opts.tokens.authenticate(req.headers.authorization);
    if (req.routeOptions.url === undefined) return; // unknown route: the 404 handler answers
    const roles = config.roles ?? [];
    if (!roles.includes(req.principal.role)) {
      throw new ApiError(
        'FORBIDDEN',
        `the role ${req.principal.role} may not ${req.method} ${req.routeOptions.url ?? ''}`,
      );
    }
  });
  app.addHook('onSend', async (req, reply, payload) => {
    const denied = reply.statusCode === 401 || reply.statusCode === 403;
    if (denied || req.principal?.person) await opts.sequencer.record(accessEvent(req, reply));
    return payload;
  });
});
