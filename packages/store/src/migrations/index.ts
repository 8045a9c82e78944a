// Migrations live in code (no filesystem scan, nothing to lose when bundled). Names sort in order;
// never rename or edit one that has shipped, add the next instead.
import { Migrator, type Kysely, type Migration, type MigrationProvider } from 'kysely';
import type { Database, DialectName } from '../schema.ts';
import { StoreError } from '../store-error.ts';
import { initialMigration } from './0001-initial.ts';
import { alertsMigration } from './0002-alerts.ts';
import { agentsMigration } from './0003-agents.ts';
import { usersMigration } from './0004-users.ts';
import { keysMigration } from './0005-keys.ts';
import { fimMigration } from './0006-fim.ts';

const MIGRATIONS: Record<string, (dialect: DialectName) => Migration> = {
  '0001-initial': initialMigration,
  '0002-alerts': alertsMigration,
  '0003-agents': agentsMigration,
  '0004-users': usersMigration,
  '0005-keys': keysMigration,
  '0006-fim': fimMigration,
};

class InCodeMigrationProvider implements MigrationProvider {
  constructor(private readonly dialect: DialectName) {}
  getMigrations(): Promise<Record<string, Migration>> {
    return Promise.resolve(
      Object.fromEntries(
        Object.entries(MIGRATIONS).map(([name, make]) => [name, make(this.dialect)]),
      ),
    );
  }
}

/** Runs every pending migration; throws MIGRATION_FAILED naming the one that failed. */
export async function migrateToLatest(db: Kysely<Database>, dialect: DialectName): Promise<void> {
  // 0005-keys landed after 0006-fim in some databases (the two were built at once): run a missing
  // lower-numbered migration instead of refusing. Each is independent and IF NOT EXISTS.
  const migrator = new Migrator({
    db,
    provider: new InCodeMigrationProvider(dialect),
    allowUnorderedMigrations: true,
  });
  const { error, results } = await migrator.migrateToLatest();
  if (error === undefined) return;
  const failed =
    results?.find((r) => r.status === 'Error')?.migrationName ?? 'migration bookkeeping';
  const reason = error instanceof Error ? error.message : JSON.stringify(error);
  throw new StoreError('MIGRATION_FAILED', `migration ${failed} failed: ${reason}`, {
    cause: error,
  });
}
