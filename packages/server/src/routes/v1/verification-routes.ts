// POST /v1/log/verify: the server re-verifies its stored log end to end — every leaf re-hashed,
// the tree rebuilt, the latest signed checkpoint checked against it — and records the outcome as
// an event (log.verified or log.verify_failed, naming the first bad index). GET
// /v1/log/verification answers the last outcome, for the overview. An auditor's own offline check
// is still `keywatch verify`; this one shows the log's state to everyone with a browser.
import type { FastifyInstance } from 'fastify';
import { AuditLogError, LogVerifier } from '@keywatch/auditlog';
import { READERS } from '../../auth/roles.ts';
import type { ServerContext } from '../../server-context.ts';

const PAGE = 10_000;
const META_KEY = 'web.last_verification';

export interface VerificationResult {
  ok: boolean;
  size: number;
  started: string;
  finished: string;
  by: string;
  /** For a failure: the audit-log code, the first bad index when known, and the reason. */
  code?: string;
  index?: number;
  message?: string;
}

async function verifyStoredLog(
  ctx: ServerContext,
): Promise<Pick<VerificationResult, 'ok' | 'size' | 'code' | 'index' | 'message'>> {
  const { size, note } = ctx.sequencer.latestCheckpoint();
  try {
    const lv = new LogVerifier({ verifierKey: ctx.identity.verifierKey });
    for (let at = 0; at < size; at += PAGE) {
      for (const row of await ctx.store.readLeaves(at, Math.min(size, at + PAGE)))
        lv.addLeaf(row.leaf);
    }
    lv.finish(note);
    return { ok: true, size };
  } catch (err) {
    if (!(err instanceof AuditLogError)) throw err;
    return {
      ok: false,
      size,
      code: err.code,
      ...(err.index !== undefined && { index: err.index }),
      message: err.message,
    };
  }
}

export async function verificationRoutes(app: FastifyInstance, ctx: ServerContext): Promise<void> {
  app.post('/v1/log/verify', { config: { roles: READERS } }, async (req) => {
    const p = req.principal!;
    const started = new Date().toISOString();
    const outcome = await verifyStoredLog(ctx);
    const result: VerificationResult = {
      ...outcome,
      started,
      finished: new Date().toISOString(),
      by: p.name,
    };
    await ctx.sequencer.record({
      time: result.finished,
      type: result.ok ? 'log.verified' : 'log.verify_failed',
      outcome: result.ok ? 'success' : 'failure',
      severity: result.ok ? 'info' : 'critical',
      actor: { id: p.name, roles: [p.role], type: p.person ? 'user' : 'service', ip: req.ip },
      target: { type: 'log', id: ctx.identity.origin },
      source: { kind: 'keywatch' },
      message: result.ok
        ? `the stored log verified up to size ${result.size}`
        : `the stored log failed verification: ${result.code} at index ${result.index ?? '?'}`,
      detail: { ...result },
    });
    await ctx.store.setMeta(META_KEY, JSON.stringify(result));
    return result;
  });

  app.get('/v1/log/verification', { config: { roles: READERS } }, async () => {
    const saved = await ctx.store.getMeta(META_KEY);
    return { last: saved === undefined ? null : (JSON.parse(saved) as VerificationResult) };
  });
}
