// The conformance suite on SQLite files in a fresh temporary directory, plus what only the
// embedded dialect has: the lock file and its stale-pid takeover.
import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { openSqliteStore, openStore, type LogStore } from '../src/index.ts';
import { conformanceSuite, rejectsWith } from './conformance-suite.ts';
import { createTempDir } from './temp-databases.ts';

const temp = createTempDir();
let n = 0;
let path = join(temp.dir, 'none.db');

conformanceSuite({
  dialect: 'sqlite',
  open: () => openSqliteStore({ path }),
  reset: () => {
    path = join(temp.dir, `log-${++n}.db`);
    return Promise.resolve();
  },
  assertDurable: async (store) => {
    const settings = await (
      store as LogStore & { durabilitySettings(): Promise<Record<string, unknown>> }
    ).durabilitySettings();
    assert.equal(settings['journal_mode'], 'wal');
    assert.equal(settings['synchronous'], 2, 'PRAGMA synchronous = FULL');
    // The commit thread's own connection (sqlite-commit-thread.ts).
    assert.equal(settings['thread_journal_mode'], 'wal');
    assert.equal(settings['thread_synchronous'], 2, 'PRAGMA synchronous = FULL on the thread');
  },
  teardown: () => Promise.resolve(temp.remove()),
});

describe('SQLite specifics', () => {
  const dir = createTempDir();
  after(() => dir.remove());

  test('a lock file left by a dead process is taken over; a live one is respected', async () => {
    const db = join(dir.dir, 'stale.db');
    const store = await openSqliteStore({ path: db });
    try {
      const dead = spawnSync(process.execPath, [
        '-e',
        'process.stdout.write(String(process.pid))',
      ]).stdout.toString();
      writeFileSync(`${db}.lock`, `${dead}\nsomeone-else\n`);
      assert.equal(await store.tryAcquireWriterLock(), true);
      assert.match(readFileSync(`${db}.lock`, 'utf8'), new RegExp(`^${process.pid}\n`));
    } finally {
      await store.close();
    }
    assert.equal(existsSync(`${db}.lock`), false, 'close() removes the lock file');
    writeFileSync(`${db}.lock`, `1\nthe-init-process\n`); // pid 1 is alive
    const second = await openSqliteStore({ path: db });
    try {
      assert.equal(await second.tryAcquireWriterLock(), false);
    } finally {
      await second.close();
    }
  });

  test('a writer whose lock was taken over refuses to append: WRITER_LOCKED', async () => {
    const db = join(dir.dir, 'taken.db');
    const store = await openSqliteStore({ path: db });
    try {
      await store.migrate();
      assert.equal(await store.tryAcquireWriterLock(), true);
      writeFileSync(`${db}.lock`, `1\nanother-writer\n`);
      const batch = {
        events: [],
        hashes: { start: 0, values: [] },
        checkpoint: { size: 0, root: new Uint8Array(32), note: '', createdMs: 0 },
      };
      await rejectsWith(
        store.appendBatch({
          ...batch,
          events: [
            {
              index: 0,
              id: 'x',
              timeMs: 0,
              receivedMs: 0,
              type: 't',
              outcome: 'success',
              actorId: null,
              actorRoles: [],
              targetId: null,
              targetType: null,
              host: null,
              sourceKind: null,
              severity: null,
              leaf: new Uint8Array(1),
            },
          ],
          checkpoint: { ...batch.checkpoint, size: 1 },
        }),
        'WRITER_LOCKED',
      );
    } finally {
      await store.close();
    }
  });

  test('openStore: SQLite in dataDir (created owner-only); refuses URLs it does not know', async () => {
    const dataDir = join(dir.dir, 'data', 'nested');
    const store = await openStore({ dataDir });
    try {
      assert.equal(store.dialect, 'sqlite');
      assert.equal(statSync(dataDir).mode & 0o777, 0o700);
      assert.ok(existsSync(join(dataDir, 'keywatch.db')));
    } finally {
      await store.close();
    }
    await rejectsWith(
      openStore({ dataDir, databaseUrl: 'mysql://localhost/x' }),
      'DATABASE_UNAVAILABLE',
    );
    await rejectsWith(
      openSqliteStore({ path: join(dir.dir, 'missing-dir', 'x.db') }),
      'DATABASE_UNAVAILABLE',
    );
  });
});
