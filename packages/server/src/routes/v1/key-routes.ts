// Keys in production (docs/keys.md): the inventory (readers read; security officers and admins
// write, by PUT or by import of JSON/CSV, each write an event in the log) and the deployment
// gate's results (POST /v1/keys/checks, from ingest tokens: compared with the inventory,
// recorded, answered with the server's findings).
import type { FastifyInstance } from 'fastify';
import { parseInventory, validateInventoryEntry, type KeyInventoryEntry } from '@keywatch/protocol';
import { ApiError } from '../../api-error.ts';
import { INGESTERS, READERS, RULE_EDITORS } from '../../auth/roles.ts';
import type { Principal } from '../../auth/token-service.ts';
import { inventoryChangeEvent, type KeyEventActor } from '../../keys/key-events.ts';
import { keysService } from '../../keys/keys-service.ts';
import { toEntry, toRecord } from '../../keys/inventory-records.ts';
import { validateObservation } from '../../keys/key-check-service.ts';
import type { ServerContext } from '../../server-context.ts';

/** Who may change the inventory: the security officer and admins, never the audit administrator. */
const KEY_EDITORS = RULE_EDITORS;

const actorOf = (p: Principal): KeyEventActor => ({
  id: p.name,
  roles: [p.role],
  type: p.person ? 'user' : 'service',
});

export async function keyRoutes(app: FastifyInstance, ctx: ServerContext): Promise<void> {
  const keys = keysService(ctx);
  app.addHook('onClose', async () => keys.stop());
  app.addContentTypeParser('text/csv', { parseAs: 'string' }, (_req, body, done) =>
    done(null, body),
  );

  const write = async (entries: KeyInventoryEntry[], how: 'import' | 'api', p: Principal) => {
    const now = Date.now();
    await ctx.store.keys().upsertKeys(entries.map((e) => toRecord(e, how, now)));
    await ctx.sequencer.record(
      inventoryChangeEvent(
        actorOf(p),
        how,
        entries.map((e) => e.id),
      ),
    );
    return { written: entries.length };
  };

  app.get('/v1/keys', { config: { roles: READERS } }, async () => ({
    keys: (await ctx.store.keys().listKeys()).map(toEntry),
  }));

  app.get('/v1/keys/observations', { config: { roles: READERS } }, async (req) => {
    const host = (req.query as { host?: string }).host;
    const obs = await ctx.store.keys().listObservations(host);
    return {
      observations: obs.map((o) => ({
        host: o.host,
        observed: new Date(o.observedMs).toISOString(),
        ...(JSON.parse(o.report) as Record<string, unknown>),
      })),
    };
  });

  app.put('/v1/keys', { config: { roles: KEY_EDITORS } }, async (req) => {
    const body = req.body as { keys?: unknown } | unknown[] | null;
    const list = Array.isArray(body) ? body : body?.keys;
    if (!Array.isArray(list))
      throw new ApiError('BAD_REQUEST', 'send {"keys":[…]} or an array of inventory entries');
    let entries: KeyInventoryEntry[];
    try {
      entries = list.map((e, i) => validateInventoryEntry(e, `keys[${i}]`));
    } catch (err) {
      throw new ApiError('BAD_REQUEST', (err as Error).message);
    }
    return write(entries, 'api', req.principal!);
  });

  app.post('/v1/keys/import', { config: { roles: KEY_EDITORS } }, async (req) => {
    const csv = typeof req.body === 'string';
    let entries: KeyInventoryEntry[];
    try {
      entries = parseInventory(
        csv ? (req.body as string) : JSON.stringify(req.body),
        csv ? 'csv' : 'json',
      );
    } catch (err) {
      throw new ApiError('BAD_REQUEST', `inventory: ${(err as Error).message}`);
    }
    return write(entries, 'import', req.principal!);
  });

  app.post('/v1/keys/checks', { config: { roles: INGESTERS } }, async (req) => {
    const b = (req.body ?? {}) as { host?: unknown; origin?: unknown; reports?: unknown };
    if (
      typeof b.host !== 'string' ||
      !b.host ||
      !Array.isArray(b.reports) ||
      b.reports.length > 10_000
    )
      throw new ApiError('BAD_REQUEST', 'send {"host":…, "reports":[…]} (at most 10,000 reports)');
    const reports = b.reports.map(validateObservation);
    const origin = typeof b.origin === 'string' ? b.origin.slice(0, 32) : 'gate';
    return { results: await keys.checks.check(b.host, origin, reports, actorOf(req.principal!)) };
  });
}
