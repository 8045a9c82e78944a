// The KeyInventoryStore on either dialect, over the LogStore's own Kysely instance. Obtained
// through LogStore.keys().
import type { Kysely, Selectable } from 'kysely';
import type {
  KeyInventoryRecord,
  KeyInventoryStore,
  KeyObservationRecord,
} from '../key-inventory-store.ts';
import type { Database } from '../schema.ts';
import { StoreError } from '../store-error.ts';
import type { KeyInventoryTable, KeyObservationsTable, KeysDatabase } from './keys-schema.ts';

const CHUNK = 200;

function toKey(r: Selectable<KeyInventoryTable>): KeyInventoryRecord {
  return {
    id: r.id,
    name: r.name,
    algorithm: r.algorithm,
    size: r.size === null ? null : Number(r.size),
    usage: r.usage,
    state: r.state,
    activation: r.activation,
    expiry: r.expiry,
    fingerprint: r.fingerprint,
    kcv: r.kcv,
    locations: JSON.parse(r.locations) as string[],
    shareable: Number(r.shareable) === 1,
    source: r.source,
    updatedMs: Number(r.updated_ms),
  };
}

function toObservation(r: Selectable<KeyObservationsTable>): KeyObservationRecord {
  return {
    host: r.host,
    label: r.label,
    origin: r.origin,
    agentId: r.agent_id,
    fingerprint: r.fingerprint,
    kcv: r.kcv,
    modulus: r.modulus,
    verdict: r.verdict,
    report: r.report,
    observedMs: Number(r.observed_ms),
  };
}

export class KyselyKeyInventoryStore implements KeyInventoryStore {
  private readonly db: Kysely<KeysDatabase>;
  constructor(
    db: Kysely<Database>,
    private readonly mapError: (err: unknown) => unknown,
  ) {
    this.db = db.withTables<Omit<KeysDatabase, keyof Database>>();
  }

  private async run<T>(fn: () => Promise<T>): Promise<T> {
    try {
      return await fn();
    } catch (err) {
      throw err instanceof StoreError ? err : this.mapError(err);
    }
  }

  upsertKeys(entries: readonly KeyInventoryRecord[]): Promise<number> {
    return this.run(async () => {
      await this.db.transaction().execute(async (trx) => {
        for (let i = 0; i < entries.length; i += CHUNK) {
          const rows = entries.slice(i, i + CHUNK).map((e) => ({
            id: e.id,
            name: e.name,
            algorithm: e.algorithm,
            size: e.size,
            usage: e.usage,
            state: e.state,
            activation: e.activation,
            expiry: e.expiry,
            fingerprint: e.fingerprint,
            kcv: e.kcv,
            locations: JSON.stringify(e.locations),
            shareable: e.shareable ? 1 : 0,
            source: e.source,
            updated_ms: e.updatedMs,
          }));
          await trx
            .insertInto('key_inventory')
            .values(rows)
            .onConflict((oc) =>
              oc.column('id').doUpdateSet((eb) => ({
                name: eb.ref('excluded.name'),
                algorithm: eb.ref('excluded.algorithm'),
                size: eb.ref('excluded.size'),
                usage: eb.ref('excluded.usage'),
                state: eb.ref('excluded.state'),
                activation: eb.ref('excluded.activation'),
                expiry: eb.ref('excluded.expiry'),
                fingerprint: eb.ref('excluded.fingerprint'),
                kcv: eb.ref('excluded.kcv'),
                locations: eb.ref('excluded.locations'),
                shareable: eb.ref('excluded.shareable'),
                source: eb.ref('excluded.source'),
                updated_ms: eb.ref('excluded.updated_ms'),
              })),
            )
            .execute();
        }
      });
      return entries.length;
    });
  }

  getKey(id: string): Promise<KeyInventoryRecord | undefined> {
    return this.run(async () => {
      const r = await this.db
        .selectFrom('key_inventory')
        .selectAll()
        .where('id', '=', id)
        .executeTakeFirst();
      return r && toKey(r);
    });
  }

  listKeys(): Promise<KeyInventoryRecord[]> {
    return this.run(async () =>
      (await this.db.selectFrom('key_inventory').selectAll().orderBy('id').execute()).map(toKey),
    );
  }

  recordObservations(obs: readonly KeyObservationRecord[]): Promise<void> {
    return this.run(async () => {
      await this.db.transaction().execute(async (trx) => {
        for (let i = 0; i < obs.length; i += CHUNK) {
          const rows = obs.slice(i, i + CHUNK).map((o) => ({
            host: o.host,
            label: o.label,
            origin: o.origin,
            agent_id: o.agentId,
            fingerprint: o.fingerprint,
            kcv: o.kcv,
            modulus: o.modulus,
            verdict: o.verdict,
            report: o.report,
            observed_ms: o.observedMs,
          }));
          await trx
            .insertInto('key_observations')
            .values(rows)
            .onConflict((oc) =>
              oc.columns(['host', 'label']).doUpdateSet((eb) => ({
                origin: eb.ref('excluded.origin'),
                agent_id: eb.ref('excluded.agent_id'),
                fingerprint: eb.ref('excluded.fingerprint'),
                kcv: eb.ref('excluded.kcv'),
                modulus: eb.ref('excluded.modulus'),
                verdict: eb.ref('excluded.verdict'),
                report: eb.ref('excluded.report'),
                observed_ms: eb.ref('excluded.observed_ms'),
              })),
            )
            .execute();
        }
      });
    });
  }

  listObservations(host?: string): Promise<KeyObservationRecord[]> {
    return this.run(async () => {
      let q = this.db.selectFrom('key_observations').selectAll();
      if (host !== undefined) q = q.where('host', '=', host);
      return (await q.orderBy('host').orderBy('label').execute()).map(toObservation);
    });
  }
}
