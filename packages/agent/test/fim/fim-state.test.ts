// The compact FIM state (fim/fim-state.ts, fim/record-columns.ts) reads exactly like the baseline
// object it replaced: every record back with the same values and key order, the same JSON text
// (whole, in chunks, entries alone), the same lookups; with() equals rebuilding from a merged
// map. Records as a real scan makes them are held in the columns, not as objects.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { rmSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { FimScanner, makeBaseline, parseFimPolicy, type FileRecord } from '@keywatch/agent';
import { jsonChunks, pieceChunks } from '../../src/fim/baseline-json.ts';
import { FimState } from '../../src/fim/fim-state.ts';
import { storable } from '../../src/fim/record-columns.ts';
import { tempTree } from './fim-fixtures.ts';

const u32 = fc.oneof(fc.nat(), fc.constant(0xffffffff), fc.integer(), fc.double());
const signed = fc.oneof(
  fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n }).map(String),
  fc.constantFrom('2' + '0'.repeat(19), '-09', '1e3', ''),
);
const unsigned = fc.oneof(
  fc.bigInt({ min: 0n, max: 2n ** 64n - 1n }).map(String),
  fc.constantFrom(String(2n ** 64n), '-1', '007', ' 1'),
);
const hex = fc.stringMatching(/^[0-9a-f]{64}$/);
const fields = {
  type: fc.constantFrom('file', 'directory', 'symlink', 'fifo', 'socket', 'char', 'block', 'odd'),
  size: fc.oneof(fc.maxSafeNat(), fc.constant(-0), fc.double()),
  mode: u32,
  uid: u32,
  gid: u32,
  mtimeNs: signed,
  ctimeNs: signed,
  ino: unsigned,
  dev: unsigned,
  nlink: u32,
  hashState: fc.constantFrom(
    'hashed',
    'not_hashed_size_cap',
    'not_hashed_unreadable',
    'not_a_file',
  ),
  user: fc.oneof(fc.string(), fc.constant(undefined)),
  group: fc.constantFrom('root', 'kms', 'é'),
  linkTarget: fc.string(),
  sha256: fc.oneof(
    hex,
    hex.map((h) => h.toUpperCase()),
    fc.constant('abc'),
  ),
  acl: fc.string(),
  xattrs: fc.dictionary(fc.string(), fc.string()),
};
const required = [
  'type',
  'size',
  'mode',
  'uid',
  'gid',
  'mtimeNs',
  'ctimeNs',
  'ino',
  'dev',
  'nlink',
  'hashState',
] as const;
const shape = fc.record(fields, { requiredKeys: [...required] });
/** As a scan makes them: every one of these fits the columns. */
const scanLike = fc
  .record(
    {
      ...fields,
      type: fc.constantFrom('file', 'directory', 'fifo', 'socket', 'char', 'block'),
      size: fc.maxSafeNat(),
      mode: fc.nat(0o7777),
      uid: fc.nat({ max: 0xffffffff }),
      gid: fc.nat({ max: 0xffffffff }),
      user: fc.string(),
      mtimeNs: fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n }).map(String),
      ctimeNs: fc.bigInt({ min: 0n, max: 2n ** 62n }).map(String),
      ino: fc.bigInt({ min: 0n, max: 2n ** 64n - 1n }).map(String),
      dev: fc.bigInt({ min: 0n, max: 2n ** 64n - 1n }).map(String),
      nlink: fc.nat({ max: 0xffffffff }),
      sha256: hex,
    },
    { requiredKeys: [...required] },
  )
  .map(({ linkTarget: _l, acl: _a, xattrs: _x, ...r }) => r);

test('records as a scan makes them fit the columns', () => {
  fc.assert(fc.property(scanLike, (r) => storable(r as FileRecord)));
});

/** Mostly as a scan makes them; sometimes with other values, keys missing or reordered. */
const record = fc.oneof(
  { weight: 3, arbitrary: scanLike },
  { weight: 1, arbitrary: shape },
  {
    weight: 1,
    arbitrary: shape.chain((r) =>
      fc
        .shuffledSubarray(Object.keys(r))
        .map((keys) => Object.fromEntries(keys.map((k) => [k, r[k as keyof typeof r]]))),
    ),
  },
) as fc.Arbitrary<FileRecord>;
const entries = fc
  .uniqueArray(fc.tuple(fc.string({ unit: 'binary' }), record), { selector: ([p]) => p })
  .map((list) => new Map(list.map(([p, r]) => ['/' + p, r])));

test('a state gives back every record, the same JSON text and the same lookups', () => {
  fc.assert(
    fc.property(entries, fc.string({ unit: 'binary' }), (map, other) => {
      const state = FimState.from(map, '2026-11-29T10:00:00.000Z', '2026-11-29T09:00:00.000Z');
      const plain = makeBaseline(map, '2026-11-29T10:00:00.000Z', '2026-11-29T09:00:00.000Z');
      assert.equal(state.size, map.size);
      for (const [p, r] of map) {
        assert.deepStrictEqual(state.get(p), r);
        assert.deepEqual(Object.keys(state.get(p)!), Object.keys(r));
      }
      if (!map.has('/' + other)) assert.equal(state.get('/' + other), undefined);
      assert.deepEqual([...state.keys()], Object.keys(plain.entries));
      const text = JSON.stringify(plain);
      assert.equal(JSON.stringify(state), text);
      assert.equal(Buffer.concat([...jsonChunks(state, 97)]).toString(), text);
      const onlyEntries = Buffer.concat([...pieceChunks(state.jsonPieces('entries'), 13)]);
      assert.equal(onlyEntries.toString(), JSON.stringify(plain.entries));
      assert.equal(JSON.stringify(FimState.fromBaseline(plain)), text);
    }),
  );
});

test('with() is the state rebuilt from the merged records', () => {
  fc.assert(
    fc.property(entries, entries, fc.array(fc.nat()), (map, more, drops) => {
      const state = FimState.from(map, 'then', 'created');
      const keys = [...map.keys()];
      const updates = new Map<string, FileRecord | undefined>(more);
      for (const d of drops) if (keys.length > 0) updates.set(keys[d % keys.length]!, undefined);
      const merged = new Map(map);
      for (const [p, r] of updates) {
        if (r) merged.set(p, r);
        else merged.delete(p);
      }
      const next = state.with(updates, 'now');
      assert.equal(JSON.stringify(next), JSON.stringify(makeBaseline(merged, 'now', 'created')));
      assert.equal(next.size, merged.size);
    }),
  );
});

test("a real scan's records are all held in the columns", async (t) => {
  const { dir, cleanup } = tempTree({ 'kms.conf': 'slot = 1\n', 'sub/empty': '', 'big.bin': 'x' });
  t.after(cleanup);
  symlinkSync('kms.conf', join(dir, 'link'));
  const scanner = new FimScanner(parseFimPolicy({ paths: [dir], hashWorkers: 0 }));
  t.after(() => scanner.close());
  const { entries: scanned } = await scanner.scan();
  rmSync(join(dir, 'link'));
  const kinds = [...scanned].map(([p, r]) => [p.slice(dir.length), r.type, storable(r)]);
  // A symlink keeps its target beside the columns; files and directories are all columns.
  assert.deepEqual(kinds.sort(), [
    ['', 'directory', true],
    ['/big.bin', 'file', true],
    ['/kms.conf', 'file', true],
    ['/link', 'symlink', false],
    ['/sub', 'directory', true],
    ['/sub/empty', 'file', true],
  ]);
  const state = FimState.from(scanned, 'now');
  for (const [p, r] of scanned) assert.deepStrictEqual(state.get(p), r);
});
