// POST /v1/sources/{kind}/records: raw vendor records normalized on the server (issue 3).
import type { FastifyInstance } from 'fastify';
import type { ServerContext } from '../../server-context.ts';

export async function sourceRoutes(_app: FastifyInstance, _ctx: ServerContext): Promise<void> {}
