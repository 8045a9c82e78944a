// Shared test inputs: detections, people, and a migrated SQLite store in a temporary directory.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openSqliteStore, type LogStore } from '@keywatch/store';
import type { AlertActor, Detection } from '../src/index.ts';

export const T0 = 1_780_000_000_000;
export const ALICE: AlertActor = { id: 'alice', role: 'security_officer' };

export function detection(extra: Partial<Detection> = {}): Detection {
  return {
    ruleId: 'kms.destroy_scheduled',
    title: 'Key destruction scheduled',
    severity: 'high',
    tags: ['kms', 'key-lifecycle'],
    dedupeKey: 'kms.destroy_scheduled:payments-cmk',
    eventIndexes: [41],
    summary: 'alice scheduled the destruction of payments-cmk',
    fields: { key: 'payments-cmk' },
    ...extra,
  };
}

export interface TempStore {
  store: LogStore;
  path: string;
  reopen(): Promise<LogStore>;
  cleanup(): Promise<void>;
}

export async function tempSqliteStore(): Promise<TempStore> {
  const dir = mkdtempSync(join(tmpdir(), 'kw-alert-'));
  const path = join(dir, 'keywatch.db');
  const opened: LogStore[] = [];
  const open = async (): Promise<LogStore> => {
    const s = await openSqliteStore({ path });
    await s.migrate();
    opened.push(s);
    return s;
  };
  return {
    store: await open(),
    path,
    reopen: open,
    async cleanup() {
      for (const s of opened) await s.close().catch(() => undefined);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
