// Reads a log straight from its database (keywatch verify --data-dir): works while the server is
// down, and while it runs (SQLite WAL readers do not block the writer). The verifier key is derived
// from the data directory's signing key unless the user pins one.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { inclusionProof, inclusionProofPlan, verifierKeyFromSignerKey } from '@keywatch/auditlog';
import { openStore, type LogStore } from '@keywatch/store';
import { CliError } from '../cli-error.ts';
import type { CheckpointEntry, LogSource } from './log-source.ts';

const PAGE = 10_000;

export class StoreLogSource implements LogSource {
  readonly describe: string;
  readonly sqlitePath?: string;
  private constructor(
    private readonly store: LogStore,
    private readonly dataDir: string,
  ) {
    this.describe = `data dir ${dataDir}`;
    if (store.dialect === 'sqlite') this.sqlitePath = join(dataDir, 'keywatch.db');
  }
  static async open(dataDir: string, databaseUrl?: string): Promise<StoreLogSource> {
    if (databaseUrl === undefined && !existsSync(join(dataDir, 'keywatch.db'))) {
      throw new CliError(
        'USAGE',
        `${dataDir} holds no keywatch database: pass the --data-dir the server uses`,
      );
    }
    const store = await openStore({ dataDir, ...(databaseUrl !== undefined && { databaseUrl }) });
    return new StoreLogSource(store, dataDir);
  }
  async verifierKey(): Promise<string> {
    const path = join(this.dataDir, 'log-signing.key');
    if (!existsSync(path))
      throw new CliError(
        'USAGE',
        `no signing key in ${this.dataDir}: pass --key with the log's verifier key`,
      );
    return verifierKeyFromSignerKey(readFileSync(path, 'utf8').trim());
  }
  async checkpoint(): Promise<string> {
    const cp = await this.store.latestCheckpoint();
    if (!cp) throw new CliError('VERIFY_FAILED', 'the database holds no signed checkpoint');
    return cp.note;
  }
  async *leaves(start: number, end: number): AsyncIterable<Uint8Array> {
    for (let at = start; at < end;) {
      const rows = await this.store.readLeaves(at, Math.min(end, at + PAGE));
      if (rows.length === 0) return;
      for (const r of rows) yield r.leaf;
      at += rows.length;
    }
  }
  async *checkpoints(): AsyncIterable<CheckpointEntry> {
    let after: number | undefined;
    for (;;) {
      const rows = await this.store.listCheckpoints({
        ...(after !== undefined && { afterSize: after }),
        limit: 1000,
      });
      if (rows.length === 0) return;
      for (const r of rows) yield { size: r.size, note: r.note };
      after = rows[rows.length - 1]!.size;
    }
  }
  async inclusionProof(index: number, size: number): Promise<Uint8Array[]> {
    const hashes = await this.store.readHashes(inclusionProofPlan(index, size));
    return inclusionProof(index, size, (i) => hashes.get(i)!);
  }
  close(): Promise<void> {
    return this.store.close();
  }
}
