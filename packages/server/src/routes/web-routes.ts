// The web view: the built bundle (packages/web/dist) under /, with index.html for every page
// route so that a reload or a bookmark of /events works (SPA fallback). /v1/* stays the API: an
// unknown API path still answers NOT_FOUND as JSON. Served without authentication — the bundle
// holds no data; every API call it makes is authenticated and checked like the CLI's.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance, FastifyReply } from 'fastify';
import fastifyStatic from '@fastify/static';
import { ApiError } from '../api-error.ts';

export const DEFAULT_WEB_DIR = fileURLToPath(new URL('../../../web/dist', import.meta.url));

/** Scripts and styles only from this origin; no framing; no plugins. */
const CSP =
  "default-src 'self'; img-src 'self' data:; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'";

export async function webRoutes(app: FastifyInstance, webDir = DEFAULT_WEB_DIR): Promise<void> {
  const indexFile = join(webDir, 'index.html');
  if (!existsSync(indexFile)) {
    app.get('/', { config: { public: true } }, async (_req, reply) => {
      void reply.type('text/plain; charset=utf-8');
      return `The web view is not built: run "npm run build -w @keywatch/web" (npm start does it).\n`;
    });
    return;
  }
  // The static plugin takes no route config: mark its routes public as they are added.
  app.addHook('onRoute', (route) => {
    if (route.url.startsWith('/assets/')) route.config = { ...route.config, public: true };
  });
  await app.register(fastifyStatic, {
    root: join(webDir, 'assets'),
    prefix: '/assets/',
    decorateReply: false,
    immutable: true,
    maxAge: '365d', // file names carry a content hash
  });
  const index = readFileSync(indexFile);
  const page = async (_req: unknown, reply: FastifyReply) => {
    void reply
      .type('text/html; charset=utf-8')
      .header('content-security-policy', CSP)
      .header('x-content-type-options', 'nosniff')
      .header('cache-control', 'no-cache');
    return index;
  };
  app.get('/', { config: { public: true } }, page);
  app.get('/:page', { config: { public: true } }, page);
  app.get('/:page/*', { config: { public: true } }, async (req, reply) => {
    if ((req.params as { page: string }).page === 'v1')
      throw new ApiError('NOT_FOUND', `no route GET ${req.url.split('?')[0]}`);
    return page(req, reply);
  });
}
