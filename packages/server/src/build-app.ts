// buildApp() returns the Fastify instance without listening, so tests use app.inject() and the
// CLI's `serve` adds only listen(). Plugins register in order: errors, auth, rate limit, routes.
import Fastify, { type FastifyInstance } from 'fastify';
import rateLimit from '@fastify/rate-limit';
import cookie from '@fastify/cookie';
import { authPlugin } from './auth/auth-plugin.ts';
import { installErrorHandler } from './error-handler.ts';
import { eventsRoutes } from './routes/v1/events-routes.ts';
import { healthRoutes } from './routes/health-routes.ts';
import { logRoutes } from './routes/v1/log-routes.ts';
import { quarantineRoutes } from './routes/v1/quarantine-routes.ts';
import { tokenRoutes } from './routes/v1/token-routes.ts';
import { sourceRoutes } from './routes/v1/source-routes.ts';
import { alertRoutes } from './routes/v1/alert-routes.ts';
import { ruleEditRoutes, ruleRoutes } from './routes/v1/rule-routes.ts';
import { channelRoutes } from './routes/v1/channel-routes.ts';
import type { ServerContext } from './server-context.ts';
import { authRoutes } from './routes/v1/auth-routes.ts';
import { userRoutes } from './routes/v1/user-routes.ts';
import { streamRoutes } from './routes/v1/stream-routes.ts';
import { verificationRoutes } from './routes/v1/verification-routes.ts';
import { webRoutes } from './routes/web-routes.ts';
import { agentAdminRoutes } from './routes/v1/agent-admin-routes.ts';
import { agentTransportRoutes } from './routes/v1/agent-transport-routes.ts';
import { siteRuleRoutes } from './routes/v1/site-rule-routes.ts';
import { fimRoutes } from './routes/v1/fim-routes.ts';
import { scaRoutes } from './routes/v1/sca-routes.ts';
import { keyRoutes } from './routes/v1/key-routes.ts';
import { perfRoutes } from './routes/v1/perf-routes.ts';
import { agentPolicyReadRoutes } from './routes/v1/agent-policy-read-routes.ts';

export interface BuildAppOptions {
  /** pino options, or false for silence (tests). Secrets are redacted either way. */
  logger?: boolean | { level: string };
}

export async function buildApp(
  ctx: ServerContext,
  opts: BuildAppOptions = {},
): Promise<FastifyInstance> {
  const logger =
    opts.logger === false
      ? false
      : {
          level: typeof opts.logger === 'object' ? opts.logger.level : 'info',
          redact: ['req.headers.authorization'],
        };
  const app = Fastify({ logger, bodyLimit: 1024 * 1024, trustProxy: false });
  installErrorHandler(app);
  await app.register(cookie); // before auth: the session branch reads req.cookies
  await app.register(authPlugin, {
    tokens: ctx.tokens,
    sequencer: ctx.sequencer,
    sessions: ctx.sessions,
    agents: ctx.agents.auth,
  });
  await app.register(rateLimit, {
    hook: 'preHandler', // after authentication, so the limit is per token
    max: ctx.config.rateLimit.max,
    timeWindow: ctx.config.rateLimit.windowMs,
    keyGenerator: (req) => req.principal?.tokenId ?? req.ip,
  });
  await app.register(async (scope) => healthRoutes(scope, ctx));
  await app.register(async (scope) => eventsRoutes(scope, ctx));
  await app.register(async (scope) => logRoutes(scope, ctx));
  await app.register(async (scope) => quarantineRoutes(scope, ctx));
  await app.register(async (scope) => tokenRoutes(scope, ctx));
  await app.register(async (scope) => sourceRoutes(scope, ctx));
  await app.register(async (scope) => alertRoutes(scope, ctx));
  await app.register(async (scope) => ruleRoutes(scope, ctx));
  await app.register(async (scope) => ruleEditRoutes(scope, ctx));
  await app.register(async (scope) => channelRoutes(scope, ctx));
  await app.register(async (scope) => authRoutes(scope, ctx));
  await app.register(async (scope) => userRoutes(scope, ctx));
  await app.register(async (scope) => streamRoutes(scope, ctx));
  await app.register(async (scope) => verificationRoutes(scope, ctx));
  await app.register(async (scope) => siteRuleRoutes(scope, ctx));
  await app.register(async (scope) => agentAdminRoutes(scope, ctx));
  await app.register(async (scope) => agentTransportRoutes(scope, ctx));
  await app.register(async (scope) => fimRoutes(scope, ctx));
  await app.register(async (scope) => scaRoutes(scope, ctx));
  await app.register(async (scope) => keyRoutes(scope, ctx));
  await app.register(async (scope) => perfRoutes(scope, ctx));
  await app.register(async (scope) => agentPolicyReadRoutes(scope, ctx));
  await app.register(async (scope) => webRoutes(scope, ctx.config.webDir));
  return app;
}
