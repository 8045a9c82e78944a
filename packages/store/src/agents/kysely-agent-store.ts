// The AgentStore on either dialect, over the LogStore's own Kysely instance. Each method is one
// statement, so each change is atomic on both dialects without an explicit transaction. Obtained
// through LogStore.agents().
import type { Kysely, Selectable } from 'kysely';
import type { AgentRecord, AgentStore } from '../agent-store.ts';
import type { Database } from '../schema.ts';
import { StoreError } from '../store-error.ts';
import type { AgentDatabase, AgentsTable } from './agent-schema.ts';

const num = (v: number | null): number | null => (v === null ? null : Number(v));

function toAgent(r: Selectable<AgentsTable>): AgentRecord {
  return {
    id: r.id,
    name: r.name,
    group: r.group_name,
    host: r.host,
    publicKey: r.public_key,
    enrolledMs: Number(r.enrolled_ms),
    revokedMs: num(r.revoked_ms),
    lastSeenMs: num(r.last_seen_ms),
    lastSeq: num(r.last_seq),
    silent: Number(r.silent) === 1,
    health: r.health,
    policy: r.policy,
  };
}

const changed = (r: { numUpdatedRows: bigint }): boolean => Number(r.numUpdatedRows) > 0;

export class KyselyAgentStore implements AgentStore {
  private readonly db: Kysely<AgentDatabase>;
  constructor(
    db: Kysely<Database>,
    private readonly mapError: (err: unknown) => unknown,
  ) {
    this.db = db.withTables<Omit<AgentDatabase, keyof Database>>();
  }

  private async run<T>(fn: () => Promise<T>): Promise<T> {
    try {
      return await fn();
    } catch (err) {
      throw err instanceof StoreError ? err : this.mapError(err);
    }
  }

  createAgent(a: AgentRecord): Promise<boolean> {
    return this.run(async () => {
      const r = await this.db
        .insertInto('agents')
        .values({
          id: a.id,
          name: a.name,
          group_name: a.group,
          host: a.host,
          public_key: a.publicKey,
          enrolled_ms: a.enrolledMs,
          revoked_ms: a.revokedMs,
          last_seen_ms: a.lastSeenMs,
          last_seq: a.lastSeq,
          silent: a.silent ? 1 : 0,
          health: a.health,
          policy: a.policy,
        })
        .onConflict((oc) => oc.column('id').doNothing())
        .executeTakeFirst();
      return Number(r.numInsertedOrUpdatedRows ?? 0n) === 1;
    });
  }

  getAgent(id: string): Promise<AgentRecord | undefined> {
    return this.run(async () => {
      const row = await this.db
        .selectFrom('agents')
        .selectAll()
        .where('id', '=', id)
        .executeTakeFirst();
      return row && toAgent(row);
    });
  }

  listAgents(): Promise<AgentRecord[]> {
    return this.run(async () =>
      (await this.db.selectFrom('agents').selectAll().orderBy('id').execute()).map(toAgent),
    );
  }

  revokeAgent(id: string, atMs: number): Promise<boolean> {
    return this.run(async () =>
      changed(
        await this.db
          .updateTable('agents')
          .set({ revoked_ms: atMs })
          .where('id', '=', id)
          .where('revoked_ms', 'is', null)
          .executeTakeFirst(),
      ),
    );
  }

  touchAgent(id: string, atMs: number, health?: string): Promise<void> {
    return this.run(async () => {
      await this.db
        .updateTable('agents')
        .set(health === undefined ? { last_seen_ms: atMs } : { last_seen_ms: atMs, health })
        .where('id', '=', id)
        .execute();
    });
  }

  advanceSeq(id: string, seq: number): Promise<boolean> {
    return this.run(async () =>
      changed(
        await this.db
          .updateTable('agents')
          .set({ last_seq: seq })
          .where('id', '=', id)
          .where((eb) => eb.or([eb('last_seq', 'is', null), eb('last_seq', '<', seq)]))
          .executeTakeFirst(),
      ),
    );
  }

  setSilent(id: string, silent: boolean): Promise<boolean> {
    return this.run(async () =>
      changed(
        await this.db
          .updateTable('agents')
          .set({ silent: silent ? 1 : 0 })
          .where('id', '=', id)
          .where('silent', '=', silent ? 0 : 1)
          .executeTakeFirst(),
      ),
    );
  }

  setAgentPolicy(id: string, policy: string | null): Promise<boolean> {
    return this.run(async () =>
      changed(
        await this.db.updateTable('agents').set({ policy }).where('id', '=', id).executeTakeFirst(),
      ),
    );
  }

  setGroupPolicy(group: string, policy: string, atMs: number): Promise<void> {
    return this.run(async () => {
      await this.db
        .insertInto('agent_group_policies')
        .values({ group_name: group, policy, updated_ms: atMs })
        .onConflict((oc) => oc.column('group_name').doUpdateSet({ policy, updated_ms: atMs }))
        .execute();
    });
  }

  getGroupPolicy(group: string): Promise<string | undefined> {
    return this.run(async () => {
      const row = await this.db
        .selectFrom('agent_group_policies')
        .select('policy')
        .where('group_name', '=', group)
        .executeTakeFirst();
      return row?.policy;
    });
  }
}
