// The conformance suite on SQLite files in a fresh temporary directory, plus what only the
// embedded dialect has: the lock file and its stale-pid takeover.
import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import Database from 'better-sqlite3';
import { existsSync, readFileSync, renameSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { openSqliteStore, openStore, type LogStore } from '../src/index.ts';
import { alertSummary, opening, T0 } from './alert-fixtures.ts';
import { conformanceSuite, rejectsWith } from './conformance-suite.ts';
import { createTempDir } from './temp-databases.ts';
import { oneEventBatch } from './test-log.ts';

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

  // stillHeld looks at the file's stat first and reads it only when that moved: each way the
  // file can stop being ours must still be seen, the same-size replacement by its inode alone.
  const takeovers: [string, (lock: string) => void][] = [
    ['rewritten in place', (lock) => writeFileSync(lock, `1\nanother-writer\n`)],
    [
      'replaced by another file of the same size',
      (lock) => {
        const mine = readFileSync(lock, 'utf8');
        writeFileSync(`${lock}.new`, mine.replace(/[0-9a-f]/g, '0'));
        renameSync(`${lock}.new`, lock);
      },
    ],
    ['deleted', (lock) => unlinkSync(lock)],
  ];
  for (const [how, takeOver] of takeovers) {
    test(`a writer whose lock file was ${how} refuses to append: WRITER_LOCKED`, async () => {
      const db = join(dir.dir, `taken-${how.length}.db`);
      const store = await openSqliteStore({ path: db });
      try {
        await store.migrate();
        assert.equal(await store.tryAcquireWriterLock(), true);
        await store.appendBatch(oneEventBatch(0)); // the lock checked and found ours
        takeOver(`${db}.lock`);
        await rejectsWith(store.appendBatch(oneEventBatch(1)), 'WRITER_LOCKED');
      } finally {
        await store.close();
      }
    });
  }

  // The event loop's connection writes while the log's commit thread holds the write lock for
  // most of each group commit: each kind of write must wait without sleeping the event loop.
  const writes: [string, (store: LogStore) => Promise<void>, (store: LogStore) => Promise<void>][] =
    [
      [
        'an alert write (BEGIN IMMEDIATE)',
        async (store) => {
          await store
            .alerts()
            .applyDetection('key:a-busy', T0, () => opening(alertSummary('a-busy')));
        },
        async (store) => assert.equal((await store.alerts().getAlert('a-busy'))?.status, 'open'),
      ],
      [
        'a Kysely transaction (perf samples)',
        (store) => store.perf().appendSamples([{ host: 'h', metric: 'cpu', tsMs: T0, value: 1 }]),
        async (store) =>
          assert.deepEqual(await store.perf().listSeries(0), [{ host: 'h', metric: 'cpu' }]),
      ],
      [
        'a single insert (quarantine)',
        async (store) => {
          await store.addQuarantine({
            receivedMs: T0,
            source: 's',
            field: 'f',
            reason: 'r',
            raw: 'x',
          });
        },
        async (store) => assert.equal((await store.listQuarantine({ limit: 10 })).length, 1),
      ],
    ];
  for (const [what, write, check] of writes) {
    test(`${what} waits for another connection's write lock without stalling the event loop`, async () => {
      const db = join(dir.dir, `busy-${what.length}.db`);
      const store = await openSqliteStore({ path: db });
      const other = new Database(db);
      try {
        await store.migrate();
        other.exec('begin immediate'); // as the commit thread holds it during a group commit
        // Released by a timer on this same thread: were the wait SQLite's busy handler (a sleep
        // on the event loop), the timer could not run until busy_timeout failed the write.
        let released = false;
        const release = setTimeout(() => {
          other.exec('commit');
          released = true;
        }, 80);
        await write(store).finally(() => clearTimeout(release));
        assert.ok(released, 'the event loop ran the timer while the write waited for the lock');
        await check(store);
      } finally {
        other.close();
        await store.close();
      }
    });
  }

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
