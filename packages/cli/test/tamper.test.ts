// Tampering with a stored log is caught by `keywatch verify` (the real command), which names the
// index and the failed check: an edited event, a deleted one, two swapped, a log truncated and
// re-signed with another key (or with the stolen key), and a checkpoint that forks the history.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import {
  generateSignerKey,
  leafHash,
  MerkleFrontier,
  parseSignerKey,
  signCheckpoint,
  verifierKeyFromSignerKey,
} from '@keywatch/auditlog';
import { openServer } from '@keywatch/server';
import { keywatch } from './cli-process.ts';

const BATCHES = 8;
const PER_BATCH = 60;
let base: string;
let work: string;
let size: number;

function event(b: number, i: number): object {
  return {
    id: `t-${b}-${i}`,
    time: '2026-11-28T14:03:07.123Z',
    type: 'key.rotate',
    outcome: 'success',
    actor: { id: `admin-${i % 3}`, roles: ['key_admin'] },
    target: { type: 'key', id: `k-${i % 7}` },
  };
}

/** A copy of the pristine data dir, opened for tampering; returns the dir and its database. */
function copy(name: string): { dir: string; db: Database.Database; state: string } {
  const dir = join(work, name);
  cpSync(base, dir, { recursive: true });
  return { dir, db: new Database(join(dir, 'keywatch.db')), state: join(dir, 'verify-state.json') };
}

function verify(dir: string, state: string): { status: number; out: string } {
  const r = keywatch(['verify', '--data-dir', dir, '--state', state]);
  return { status: r.status, out: r.stdout + r.stderr };
}

/** The log's origin: the name of its key. */
function originOf(dir: string): string {
  return verifierKeyFromSignerKey(readFileSync(join(dir, 'log-signing.key'), 'utf8').trim()).split(
    '+',
  )[0]!;
}

function leaf(db: Database.Database, idx: number): Buffer {
  return (db.prepare('select leaf from events where idx = ?').get(idx) as { leaf: Buffer }).leaf;
}

describe('keywatch verify catches tampering and names the index', () => {
  before(async () => {
    work = mkdtempSync(join(tmpdir(), 'kw-tamper-'));
    base = join(work, 'pristine');
    const server = await openServer({ dataDir: base, logger: false });
    const ingest = (await server.context.tokens.create({ role: 'ingest', name: 'tamper' })).token;
    for (let b = 0; b < BATCHES; b++) {
      const res = await server.app.inject({
        method: 'POST',
        url: '/v1/events',
        headers: { authorization: `Bearer ${ingest}`, 'content-type': 'application/json' },
        payload: JSON.stringify(Array.from({ length: PER_BATCH }, (_, i) => event(b, i))),
      });
      assert.equal(res.statusCode, 200, res.body);
    }
    size = await server.context.store.logSize();
    await server.close();
  });
  after(() => rmSync(work, { recursive: true, force: true }));

  test('the untouched log verifies', () => {
    const { dir, db, state } = copy('ok');
    db.close();
    const r = verify(dir, state);
    assert.equal(r.status, 0, r.out);
    // Detection may append alert events after the ingest: at least what was ingested.
    const verified = Number(/OK .*: (\d+) entries/.exec(r.out)?.[1]);
    assert.ok(verified >= size, r.out);
  });

  test('an edited event: ROOT_MISMATCH at its index', () => {
    const { dir, db, state } = copy('edit');
    const idx = 137;
    const edited = Buffer.from(leaf(db, idx).toString().replace('"success"', '"failure"'));
    db.prepare('update events set leaf = ? where idx = ?').run(edited, idx);
    db.close();
    const r = verify(dir, state);
    assert.equal(r.status, 1, r.out);
    assert.match(r.out, /FAIL at index 137: ROOT_MISMATCH/);
  });

  test('a deleted event: LEAF_INDEX_MISMATCH at its index', () => {
    const { dir, db, state } = copy('delete');
    db.prepare('delete from events where idx = ?').run(200);
    db.close();
    const r = verify(dir, state);
    assert.equal(r.status, 1, r.out);
    assert.match(r.out, /FAIL at index 200: LEAF_INDEX_MISMATCH/);
  });

  test('two swapped events: LEAF_INDEX_MISMATCH at the first', () => {
    const { dir, db, state } = copy('swap');
    const a = leaf(db, 150);
    const b = leaf(db, 160);
    db.prepare('update events set leaf = ? where idx = ?').run(b, 150);
    db.prepare('update events set leaf = ? where idx = ?').run(a, 160);
    db.close();
    const r = verify(dir, state);
    assert.equal(r.status, 1, r.out);
    assert.match(r.out, /FAIL at index 150: LEAF_INDEX_MISMATCH/);
  });

  /** Cuts the log to `keep` leaves and signs a checkpoint for it with `signerKey`. */
  function truncate(db: Database.Database, dir: string, keep: number, signerKey: string): void {
    const frontier = MerkleFrontier.empty();
    for (let i = 0; i < keep; i++) frontier.append(leafHash(leaf(db, i)));
    const origin = originOf(dir);
    const note = signCheckpoint(
      { origin, size: keep, root: frontier.root() },
      parseSignerKey(signerKey),
    );
    db.prepare('delete from events where idx >= ?').run(keep);
    db.prepare('delete from checkpoints where size >= ?').run(keep);
    db.prepare('insert into checkpoints (size, root, note, created_ms) values (?, ?, ?, ?)').run(
      keep,
      frontier.root(),
      note,
      Date.now(),
    );
  }

  test('truncated and re-signed with another key: LOG_TRUNCATED (with state) or GENESIS_INVALID (without)', () => {
    const { dir, db, state } = copy('truncate-other-key');
    assert.equal(verify(dir, state).status, 0); // the auditor verified it once: state pinned
    const origin = originOf(dir);
    const forged = generateSignerKey(origin);
    truncate(db, dir, 300, forged);
    db.close();
    writeFileSync(join(dir, 'log-signing.key'), forged + '\n', { mode: 0o600 });
    const r = verify(dir, state);
    assert.equal(r.status, 1, r.out);
    assert.match(r.out, /FAIL at index 300: LOG_TRUNCATED/);
    const fresh = verify(dir, join(dir, 'no-state.json'));
    assert.equal(fresh.status, 1, fresh.out);
    assert.match(fresh.out, /FAIL at index 0: GENESIS_INVALID/);
  });

  test('truncated and re-signed with the stolen key: LOG_TRUNCATED against the state', () => {
    const { dir, db, state } = copy('truncate-same-key');
    assert.equal(verify(dir, state).status, 0);
    truncate(db, dir, 300, readFileSync(join(dir, 'log-signing.key'), 'utf8').trim());
    db.close();
    const r = verify(dir, state);
    assert.equal(r.status, 1, r.out);
    assert.match(r.out, /FAIL at index 300: LOG_TRUNCATED/);
  });

  test('a checkpoint that forks the history, signed with the log key: LOG_FORKED', () => {
    const { dir, db, state } = copy('fork');
    const key = readFileSync(join(dir, 'log-signing.key'), 'utf8').trim();
    const cps = db.prepare('select size from checkpoints order by size').all() as {
      size: number;
    }[];
    const [prev, at] = [cps[3]!.size, cps[4]!.size];
    // Another history for leaves prev…at-1: same key, other events, one checkpoint for it.
    const frontier = MerkleFrontier.empty();
    for (let i = 0; i < at; i++) {
      const bytes = i < prev ? leaf(db, i) : Buffer.from(`{"forked":${i}}`);
      frontier.append(leafHash(bytes));
    }
    const origin = originOf(dir);
    const note = signCheckpoint({ origin, size: at, root: frontier.root() }, parseSignerKey(key));
    db.prepare('update checkpoints set note = ?, root = ? where size = ?').run(
      note,
      frontier.root(),
      at,
    );
    db.close();
    const r = verify(dir, state);
    assert.equal(r.status, 1, r.out);
    assert.match(r.out, new RegExp(`FAIL at index ${prev}: LOG_FORKED`));
  });
});
