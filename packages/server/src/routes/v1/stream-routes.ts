// GET /v1/stream: server-sent events of what the log commits — `event: events` with the count and
// the newest summaries, `event: alert` per alert change — so the web view updates without a
// reload. The reply is hijacked (a stream never "ends"), so the access record that onSend would
// write is written here, before the first byte.
import type { FastifyInstance } from 'fastify';
import { READERS } from '../../auth/roles.ts';
import type { ServerContext } from '../../server-context.ts';
import type { LiveBatch } from '../../live/live-feed.ts';

const HEARTBEAT_MS = 15_000;
/** A client that stops reading is cut off rather than buffered without bound. */
const MAX_BUFFERED = 1 << 20;

export async function streamRoutes(app: FastifyInstance, ctx: ServerContext): Promise<void> {
  const open = new Set<{ destroy(): void }>();
  // Server shutdown: end open streams first, or close() would wait for every browser to leave.
  app.addHook('preClose', async () => {
    for (const res of open) res.destroy();
  });
  app.get('/v1/stream', { config: { roles: READERS } }, async (req, reply) => {
    const p = req.principal!;
    if (p.person) {
      await ctx.sequencer.record({
        time: new Date().toISOString(),
        type: 'api.read',
        outcome: 'success',
        severity: 'info',
        actor: { id: p.name, roles: [p.role], type: 'user', ip: req.ip, session: p.tokenId },
        target: { type: 'api', id: '/v1/stream' },
        source: { kind: 'keywatch', request_id: req.id },
        detail: { method: 'GET', url: req.url, status: 200 },
      });
    }
    reply.hijack();
    const res = reply.raw;
    res.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-store',
      'x-accel-buffering': 'no',
      connection: 'keep-alive',
    });
    res.write(
      `retry: 3000\nevent: hello\ndata: ${JSON.stringify({ size: ctx.sequencer.size })}\n\n`,
    );
    const send = (batch: LiveBatch) => {
      if (res.writableLength > MAX_BUFFERED) return void res.destroy();
      res.write(
        `event: events\ndata: ${JSON.stringify({ count: batch.count, size: batch.size, events: batch.events })}\n\n`,
      );
      for (const a of batch.alerts) res.write(`event: alert\ndata: ${JSON.stringify(a)}\n\n`);
    };
    const unsubscribe = ctx.live.subscribe(send);
    const heartbeat = setInterval(() => res.write(': keep-alive\n\n'), HEARTBEAT_MS);
    const stop = () => {
      clearInterval(heartbeat);
      unsubscribe();
    };
    open.add(res);
    res.on('close', () => {
      stop();
      open.delete(res);
    });
  });
}
