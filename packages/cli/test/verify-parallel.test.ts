// verifyLog on worker threads (aligned chunks folded one subtree at a time, leaves read by the
// workers from SQLite or handed over by the main thread) gives exactly the sequential outcome:
// the same root and checkpoints on a clean log, the same code and first bad index when a leaf is
// edited or deleted, and the same judgement of a trusted earlier state inside a chunk.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { AuditLogError } from '@keywatch/auditlog';
import { openServer } from '@keywatch/server';
import { StoreLogSource, verifyLog, type LogSource, type VerifyOptions } from '@keywatch/cli';

let work: string;
let base: string;

type Mode = 'sequential' | 'workers read SQLite' | 'leaves handed over';
const MODES: Mode[] = ['sequential', 'workers read SQLite', 'leaves handed over'];

/** The source without its SQLite path: the main thread reads and ships the leaves. */
function shipped(source: StoreLogSource): LogSource {
  return {
    describe: source.describe,
    verifierKey: () => source.verifierKey(),
    checkpoint: () => source.checkpoint(),
    leaves: (a, b) => source.leaves(a, b),
    checkpoints: () => source.checkpoints(),
    inclusionProof: (i, n) => source.inclusionProof(i, n),
    close: () => source.close(),
  };
}

async function run(dir: string, mode: Mode, extra: Partial<VerifyOptions> = {}) {
  const source = await StoreLogSource.open(dir);
  try {
    const parallel =
      mode === 'sequential' ? { threads: 0 } : { threads: 2, parallelFrom: 0, chunk: 16 };
    const s = mode === 'leaves handed over' ? shipped(source) : source;
    const v = await verifyLog({ source: s, ...parallel, ...extra });
    return { ok: true as const, size: v.size, root: v.root, checkpoints: v.checkpointsChecked };
  } catch (err) {
    assert.ok(err instanceof AuditLogError, String(err));
    return { ok: false as const, code: err.code, index: err.index };
  } finally {
    await source.close();
  }
}

async function allModes(dir: string, extra: Partial<VerifyOptions> = {}) {
  const results = [];
  for (const m of MODES) results.push(await run(dir, m, extra));
  for (let i = 1; i < results.length; i++)
    assert.deepEqual(results[i], results[0], `${MODES[i]} agrees with sequential`);
  return results[0]!;
}

function copy(name: string): { dir: string; db: Database.Database } {
  const dir = join(work, name);
  cpSync(base, dir, { recursive: true });
  return { dir, db: new Database(join(dir, 'keywatch.db')) };
}

describe('verify on worker threads', () => {
  before(async () => {
    work = mkdtempSync(join(tmpdir(), 'kw-vpar-'));
    base = join(work, 'pristine');
    const server = await openServer({ dataDir: base, logger: false });
    // Commit groups of 1…37 events: checkpoints fall anywhere inside the 16-leaf chunks.
    for (let b = 0, n = 0; b < 30; b++) {
      const k = 1 + ((b * 7) % 37);
      await server.context.sequencer.append(
        Array.from({ length: k }, () => ({
          id: `p-${n++}`,
          time: '2026-11-28T14:03:07.123Z',
          type: 'key.rotate',
          outcome: 'success' as const,
          actor: { id: `admin-${n % 3}`, roles: ['key_admin'] },
          target: { type: 'key', id: `k-${n % 7}` },
        })),
      );
    }
    await server.close();
  });
  after(() => rmSync(work, { recursive: true, force: true }));

  test('a clean log: same size, root and checkpoints', async () => {
    const r = await allModes(base);
    assert.equal(r.ok, true);
    assert.ok(r.ok && r.checkpoints > 25);
  });

  test('an edited leaf: ROOT_MISMATCH at its index, in every mode', async () => {
    const { dir, db } = copy('edited');
    const row = db.prepare('select leaf from events where idx = 203').get() as { leaf: Buffer };
    const text = row.leaf.toString().replace('"admin-', '"admon-');
    db.prepare('update events set leaf = ? where idx = 203').run(Buffer.from(text));
    db.close();
    const r = await allModes(dir);
    assert.deepEqual(r, { ok: false, code: 'ROOT_MISMATCH', index: 203 });
  });

  test('a deleted leaf: the first shifted position fails, in every mode', async () => {
    const { dir, db } = copy('deleted');
    db.prepare('delete from events where idx = 77').run();
    db.close();
    const r = await allModes(dir);
    assert.deepEqual(r, { ok: false, code: 'LEAF_INDEX_MISMATCH', index: 77 });
  });

  test('invalid UTF-8 in place of a stored U+FFFD: LEAF_MALFORMED, in every mode', async () => {
    // Workers read stored leaves as text; a lossy decode turns the byte 0xFF into U+FFFD, so
    // without their guard this leaf would re-encode to the bytes that were signed and pass.
    const { dir, db } = copy('replacement');
    db.close();
    const server = await openServer({ dataDir: dir, logger: false });
    const { index } = await server.context.sequencer.record({
      time: '2026-11-28T14:03:08.000Z',
      type: 'ingest.note',
      outcome: 'success',
      actor: { id: 'importer', roles: ['service'] },
      message: 'a vendor record held \uFFFD where its bytes were not UTF-8',
    });
    for (let n = 0; n < 20; n++) {
      await server.context.sequencer.record({
        time: '2026-11-28T14:03:09.000Z',
        type: 'key.rotate',
        outcome: 'success',
        actor: { id: 'admin-1', roles: ['key_admin'] },
        target: { type: 'key', id: `after-${n}` },
      });
    }
    await server.close();
    assert.equal((await allModes(dir)).ok, true, 'U+FFFD stored as its UTF-8 bytes verifies');
    const edit = new Database(join(dir, 'keywatch.db'));
    const row = edit.prepare('select leaf from events where idx = ?').get(index) as {
      leaf: Buffer;
    };
    const at = row.leaf.indexOf(Buffer.from('\uFFFD'));
    assert.ok(at > 0);
    const tampered = Buffer.concat([
      row.leaf.subarray(0, at),
      Buffer.of(0xff),
      row.leaf.subarray(at + 3),
    ]);
    edit.prepare('update events set leaf = ? where idx = ?').run(tampered, index);
    edit.close();
    const r = await allModes(dir);
    assert.deepEqual(r, { ok: false, code: 'LEAF_MALFORMED', index });
  });

  test('a trusted earlier state inside a chunk: accepted when it matches, a fork when not', async () => {
    const seq = await run(base, 'sequential');
    assert.ok(seq.ok);
    // The root at size 100 (inside a chunk), as a previous run would have recorded it.
    const { dir, db } = copy('trusted');
    db.close();
    const at100 = await (async () => {
      const source = await StoreLogSource.open(dir);
      try {
        const { MerkleFrontier, leafHash } = await import('@keywatch/auditlog');
        const f = MerkleFrontier.empty();
        for await (const leaf of source.leaves(0, 100)) f.append(leafHash(leaf));
        return f.root().toString('base64');
      } finally {
        await source.close();
      }
    })();
    const verifierKey = await (await StoreLogSource.open(dir)).verifierKey();
    const previous = { verifierKey, size: 100, root: at100, verifiedAt: '2026-11-28T00:00:00Z' };
    assert.equal((await allModes(dir, { previous })).ok, true);
    const forked = { ...previous, root: Buffer.alloc(32, 7).toString('base64') };
    const r = await allModes(dir, { previous: forked });
    assert.equal(r.ok, false);
    assert.ok(!r.ok && r.code === 'LOG_FORKED');
  });
});
