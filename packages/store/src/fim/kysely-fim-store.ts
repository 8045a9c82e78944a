// The FimStore on either dialect, over the LogStore's own Kysely instance. Each method is one
// statement, so each change is atomic without an explicit transaction. Obtained through
// LogStore.fim().
import type { Kysely, Selectable } from 'kysely';
import type {
  FimBaselineRecord,
  FimCommandKind,
  FimCommandRecord,
  FimCommandStatus,
  FimStore,
} from '../fim-store.ts';
import type { Database } from '../schema.ts';
import { StoreError } from '../store-error.ts';
import type { FimBaselinesTable, FimCommandsTable, FimDatabase } from './fim-schema.ts';

/** Bound parameters per IN list, well under both dialects' limits. */
const IN_CHUNK = 1000;

function toBaseline(r: Selectable<FimBaselinesTable>): FimBaselineRecord {
  return {
    agentId: r.agent_id,
    version: Number(r.version),
    baseline: r.baseline,
    sha256: r.sha256,
    entries: Number(r.entries),
    knownGood: JSON.parse(r.known_good) as Record<string, string>,
    createdMs: Number(r.created_ms),
    commandId: r.command_id,
  };
}

function toCommand(r: Selectable<FimCommandsTable>): FimCommandRecord {
  return {
    id: r.id,
    agentId: r.agent_id,
    kind: r.kind as FimCommandKind,
    path: r.path,
    requestedBy: r.requested_by,
    requestedMs: Number(r.requested_ms),
    status: r.status as FimCommandStatus,
    completedMs: r.completed_ms === null ? null : Number(r.completed_ms),
    result: r.result,
  };
}

export class KyselyFimStore implements FimStore {
  private readonly db: Kysely<FimDatabase>;
  constructor(
    db: Kysely<Database>,
    private readonly mapError: (err: unknown) => unknown,
  ) {
    this.db = db.withTables<Omit<FimDatabase, keyof Database>>();
  }

  private async run<T>(fn: () => Promise<T>): Promise<T> {
    try {
      return await fn();
    } catch (err) {
      throw err instanceof StoreError ? err : this.mapError(err);
    }
  }

  insertBaseline(b: FimBaselineRecord): Promise<boolean> {
    return this.run(async () => {
      const r = await this.db
        .insertInto('fim_baselines')
        .values({
          agent_id: b.agentId,
          version: b.version,
          baseline: b.baseline,
          sha256: b.sha256,
          entries: b.entries,
          known_good: JSON.stringify(b.knownGood),
          created_ms: b.createdMs,
          command_id: b.commandId,
        })
        .onConflict((oc) => oc.columns(['agent_id', 'version']).doNothing())
        .executeTakeFirst();
      return Number(r.numInsertedOrUpdatedRows ?? 0n) === 1;
    });
  }

  latestBaseline(agentId: string): Promise<FimBaselineRecord | undefined> {
    return this.run(async () => {
      const row = await this.db
        .selectFrom('fim_baselines')
        .selectAll()
        .where('agent_id', '=', agentId)
        .orderBy('version', 'desc')
        .limit(1)
        .executeTakeFirst();
      return row && toBaseline(row);
    });
  }

  putContent(sha256: string, content: Uint8Array, atMs: number): Promise<boolean> {
    return this.run(async () => {
      const r = await this.db
        .insertInto('fim_content')
        .values({ sha256, size: content.length, content, created_ms: atMs })
        .onConflict((oc) => oc.column('sha256').doNothing())
        .executeTakeFirst();
      return Number(r.numInsertedOrUpdatedRows ?? 0n) === 1;
    });
  }

  getContent(sha256: string): Promise<Uint8Array | undefined> {
    return this.run(async () => {
      const row = await this.db
        .selectFrom('fim_content')
        .select('content')
        .where('sha256', '=', sha256)
        .executeTakeFirst();
      return row && new Uint8Array(row.content);
    });
  }

  hasContent(hashes: readonly string[]): Promise<Set<string>> {
    return this.run(async () => {
      const found = new Set<string>();
      for (let i = 0; i < hashes.length; i += IN_CHUNK) {
        const rows = await this.db
          .selectFrom('fim_content')
          .select('sha256')
          .where('sha256', 'in', hashes.slice(i, i + IN_CHUNK))
          .execute();
        for (const r of rows) found.add(r.sha256);
      }
      return found;
    });
  }

  addCommand(c: FimCommandRecord): Promise<void> {
    return this.run(async () => {
      await this.db
        .insertInto('fim_commands')
        .values({
          id: c.id,
          agent_id: c.agentId,
          kind: c.kind,
          path: c.path,
          requested_by: c.requestedBy,
          requested_ms: c.requestedMs,
          status: c.status,
          completed_ms: c.completedMs,
          result: c.result,
        })
        .execute();
    });
  }

  getCommand(id: string): Promise<FimCommandRecord | undefined> {
    return this.run(async () => {
      const row = await this.db
        .selectFrom('fim_commands')
        .selectAll()
        .where('id', '=', id)
        .executeTakeFirst();
      return row && toCommand(row);
    });
  }

  listCommands(
    agentId: string,
    opts: { pendingOnly?: boolean; limit: number },
  ): Promise<FimCommandRecord[]> {
    return this.run(async () => {
      let q = this.db.selectFrom('fim_commands').selectAll().where('agent_id', '=', agentId);
      if (opts.pendingOnly) q = q.where('status', '=', 'pending');
      const rows = await q.orderBy('requested_ms').orderBy('id').limit(opts.limit).execute();
      return rows.map(toCommand);
    });
  }

  completeCommand(
    id: string,
    status: Exclude<FimCommandStatus, 'pending'>,
    atMs: number,
    result: string,
  ): Promise<boolean> {
    return this.run(async () => {
      const r = await this.db
        .updateTable('fim_commands')
        .set({ status, completed_ms: atMs, result })
        .where('id', '=', id)
        .where('status', '=', 'pending')
        .executeTakeFirst();
      return Number(r.numUpdatedRows) > 0;
    });
  }
}
