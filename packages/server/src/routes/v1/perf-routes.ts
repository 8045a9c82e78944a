// Performance time series (docs/keys.md, "Performance"): GET /v1/perf/series picks the rollup
// from the span (≤ 2 h raw, ≤ 3 days 1-minute, beyond 1-hour buckets); GET /v1/perf/hosts lists
// the series; GET /v1/perf/metrics is a Prometheus text exposition of each series' latest value;
// GET /v1/perf/thresholds shows the limits in force, PUT replaces them (security officers and
// admins; recorded as a perf.thresholds_changed event).
import type { FastifyInstance } from 'fastify';
import type { PerfResolution } from '@keywatch/store';
import { ApiError } from '../../api-error.ts';
import { READERS, RULE_EDITORS } from '../../auth/roles.ts';
import { keysService } from '../../keys/keys-service.ts';
import type { ServerContext } from '../../server-context.ts';

const HOUR = 3_600_000;

function resolutionFor(spanMs: number): PerfResolution {
  return spanMs <= 2 * HOUR ? 0 : spanMs <= 72 * HOUR ? 60 : 3600;
}

const escapeLabel = (s: string): string =>
  s.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n');

export async function perfRoutes(app: FastifyInstance, ctx: ServerContext): Promise<void> {
  const keys = keysService(ctx);

  app.get('/v1/perf/series', { config: { roles: READERS } }, async (req) => {
    const q = req.query as {
      host?: string;
      metric?: string;
      since?: string;
      until?: string;
      resolution?: string;
    };
    if (!q.host || !q.metric) throw new ApiError('BAD_REQUEST', 'host and metric are required');
    const now = Date.now();
    const since = q.since ? Date.parse(q.since) : now - 24 * HOUR;
    const until = q.until ? Date.parse(q.until) : now;
    if (Number.isNaN(since) || Number.isNaN(until))
      throw new ApiError('BAD_REQUEST', 'since and until are RFC 3339 times');
    const resolution =
      q.resolution !== undefined
        ? (Number(q.resolution) as PerfResolution)
        : resolutionFor(until - since);
    if (![0, 60, 3600].includes(resolution))
      throw new ApiError('BAD_REQUEST', 'resolution is 0, 60 or 3600');
    const points = await ctx.store.perf().series(q.host, q.metric, resolution, since, until);
    return {
      host: q.host,
      metric: q.metric,
      resolution,
      points: points.map((p) => ({
        t: new Date(p.tsMs).toISOString(),
        avg: p.avg,
        min: p.min,
        max: p.max,
        count: p.count,
      })),
    };
  });

  app.get('/v1/perf/hosts', { config: { roles: READERS } }, async () => ({
    series: await ctx.store.perf().listSeries(Date.now() - 24 * HOUR),
  }));

  app.get('/v1/perf/thresholds', { config: { roles: READERS } }, async () =>
    keys.thresholds.view(),
  );

  app.put('/v1/perf/thresholds', { config: { roles: RULE_EDITORS } }, async (req) =>
    keys.thresholds.change(req.body ?? {}, req.principal!),
  );

  app.get('/v1/perf/metrics', { config: { roles: READERS } }, async (_req, reply) => {
    const lines = [
      '# HELP keywatch_agent_metric Latest value of each agent performance series (metric label names it).',
      '# TYPE keywatch_agent_metric gauge',
      ...[...keys.perf.latest.values()].map(
        (s) =>
          `keywatch_agent_metric{host="${escapeLabel(s.host)}",metric="${escapeLabel(s.metric)}"} ${s.value}`,
      ),
    ];
    return reply.type('text/plain; version=0.0.4; charset=utf-8').send(`${lines.join('\n')}\n`);
  });
}
