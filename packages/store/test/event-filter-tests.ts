// queryEvents against an oracle: some 40,000 events with varied fields, appended in batches of
// uneven sizes (so filter-index rows span blocks and grow across batches), and every EventFilter
// field alone and combined, compared with a plain JavaScript filter of the same rows, including
// keyset paging through whole result lists.
import { before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { EventFilter, EventRow, LogStore } from '../src/index.ts';
import { rejectsWith, type OpenStore } from './conformance-suite.ts';
import { TestLog, type EventFields } from './test-log.ts';

const TYPES = [
  'key.create',
  'key.rotate',
  'key.destroy_scheduled',
  'crypto.decrypt',
  'auth.login',
  'keyx.other',
  'ключ.создан',
];
const ROLE_SETS = [
  [],
  ['key_admin'],
  ['key_admin', 'crypto_user'],
  ['key'],
  ['auditor', 'auditor'],
  ['crypto_user'],
];
const T0 = 1_700_000_000_000;

function fieldsFor(i: number): EventFields {
  return {
    // key.special only near both ends of the log: the walk must jump the spans in between.
    type:
      (i < 500 || i > 35_000) && i % 7 === 0
        ? 'key.special'
        : TYPES[(i * 7 + (i >> 3)) % TYPES.length]!,
    outcome: ['success', 'success', 'failure', 'unknown'][i % 4]!,
    actorId: i % 11 === 0 ? null : `u${i % 10}`,
    actorRoles: ROLE_SETS[(i >> 1) % ROLE_SETS.length]!,
    targetId: i % 5 === 0 ? null : `k-${i % 23}`,
    targetType: 'key',
    host: i % 3 === 0 ? null : `h${i % 2}`,
    sourceKind: i % 4 === 0 ? null : i % 4 === 1 ? 'vault' : 'native',
    severity: i % 97 === 0 ? 'high' : null,
    // Mostly in order, but every 37th event is an import from long ago.
    timeMs: i % 37 === 0 ? T0 - 5_000_000 + i : T0 + i * 1000,
  };
}

function matches(e: EventRow, f: EventFilter): boolean {
  return (
    (f.types === undefined || f.types.includes(e.type)) &&
    (f.typePrefix === undefined || e.type.startsWith(f.typePrefix)) &&
    (f.actorId === undefined || e.actorId === f.actorId) &&
    (f.role === undefined || e.actorRoles.includes(f.role)) &&
    (f.outcome === undefined || e.outcome === f.outcome) &&
    (f.targetId === undefined || e.targetId === f.targetId) &&
    (f.host === undefined || e.host === f.host) &&
    (f.sourceKind === undefined || e.sourceKind === f.sourceKind) &&
    (f.severity === undefined || e.severity === f.severity) &&
    (f.sinceMs === undefined || e.timeMs >= f.sinceMs) &&
    (f.untilMs === undefined || e.timeMs < f.untilMs) &&
    (f.beforeIndex === undefined || e.index < f.beforeIndex)
  );
}

const FILTERS: EventFilter[] = [
  {},
  { types: ['key.rotate'] },
  { types: ['key.special'] },
  { types: ['key.special'], beforeIndex: 20_000 },
  { typePrefix: 'key.s', host: 'h1' },
  { types: ['key.rotate', 'auth.login'] },
  { types: ['key.rotate', 'key.rotate', 'nope'] },
  { types: ['nope'] },
  { typePrefix: 'key.' },
  { typePrefix: 'key' },
  { typePrefix: 'ключ' },
  { typePrefix: 'key.', types: ['key.create', 'auth.login'] },
  { typePrefix: '' },
  { actorId: 'u3' },
  { actorId: 'nobody' },
  { role: 'key_admin' },
  { role: 'key' },
  { role: 'auditor' },
  { role: 'crypto_user', outcome: 'failure' },
  { outcome: 'unknown' },
  { targetId: 'k-7' },
  { host: 'h1' },
  { sourceKind: 'vault' },
  { severity: 'high' },
  { sinceMs: T0 + 1500 * 1000 },
  { sinceMs: T0 + 30_000_000, untilMs: T0 + 31_000_000, role: 'key' },
  { untilMs: T0 },
  { sinceMs: T0 + 100_000, untilMs: T0 + 400_000 },
  { sinceMs: T0 + 400_000, untilMs: T0 + 400_000 },
  { beforeIndex: 1234 },
  { beforeIndex: 0 },
  { types: ['key.create'], actorId: 'u1', host: 'h1' },
  { typePrefix: 'key.', role: 'key_admin', sinceMs: T0 + 200_000, untilMs: T0 + 1_800_000 },
  { severity: 'high', outcome: 'success', untilMs: T0 + 1_000_000 },
  { targetId: 'k-4', sourceKind: 'native', beforeIndex: 1500 },
];

export function eventFilterTests(dialect: string, fresh: OpenStore): void {
  describe(`LogStore conformance: ${dialect}: queryEvents`, () => {
    const rows: EventRow[] = [];
    let db: LogStore;
    const store = (): LogStore => db;
    before(async () => {
      db = await fresh();
      const log = new TestLog(db);
      // Uneven batches over three spans of the filter index (postings.ts: 16,384 events each).
      for (const n of [97, 300, 3, 700, 1, 255, 1024, 120, 20_000, 15_000, 2500])
        rows.push(...(await log.append(n, fieldsFor)).events);
    });
    const expected = (f: EventFilter): number[] =>
      rows
        .filter((e) => matches(e, f))
        .map((e) => e.index)
        .reverse();

    test('every filter field, alone and combined, matches the oracle', async () => {
      for (const f of FILTERS) {
        const want = expected(f);
        for (const limit of [1, 25, 5000]) {
          const got = await store().queryEvents(f, limit);
          assert.deepEqual(
            got.map((r) => r.index),
            want.slice(0, limit),
            `${JSON.stringify(f)} limit ${limit}`,
          );
        }
      }
    });

    test('returns the exact leaf of each event', async () => {
      const got = await store().queryEvents({ types: ['key.rotate'] }, 50);
      for (const r of got) assert.deepEqual(Buffer.from(r.leaf), Buffer.from(rows[r.index]!.leaf));
    });

    test('keyset paging with beforeIndex walks each result list exactly once', async () => {
      for (const f of [
        {},
        { role: 'key_admin' },
        { types: ['key.rotate', 'key.special'] },
        { sinceMs: T0 + 100_000, host: 'h0' },
      ]) {
        const seen: number[] = [];
        let cursor: number | undefined;
        for (;;) {
          const page = await store().queryEvents(
            { ...f, ...(cursor !== undefined && { beforeIndex: cursor }) },
            97,
          );
          seen.push(...page.map((r) => r.index));
          if (page.length < 97) break;
          cursor = page[page.length - 1]!.index;
        }
        assert.deepEqual(seen, expected(f), JSON.stringify(f));
      }
    });

    test('impossible arguments are refused: INVALID_QUERY', async () => {
      await rejectsWith(store().queryEvents({}, 0), 'INVALID_QUERY');
      await rejectsWith(store().queryEvents({}, 1.5), 'INVALID_QUERY');
      await rejectsWith(store().queryEvents({ sinceMs: Number.NaN }, 10), 'INVALID_QUERY');
      await rejectsWith(store().queryEvents({ beforeIndex: 2.5 }, 10), 'INVALID_QUERY');
    });
  });
}
