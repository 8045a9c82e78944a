// queryEvents: newest first, at most `limit`, matching every filter. Each filter is a source of
// blocks (block-sources.ts); a leapfrog walk finds, from the cursor down, the blocks every source
// holds, intersects their offsets, and fetches those events, checking the time range exactly.
// The cost follows the blocks visited, not the size of the log.
import type { Kysely } from 'kysely';
import { AnySource, TagSource, TimeSource, type BlockSource } from './block-sources.ts';
import { prefixUpperBound } from './prefix-range.ts';
import type { EventFilter, LeafRow } from './log-store.ts';
import { BLOCK_SIZE, blockOf, tagOf, type TagField } from './postings.ts';
import type { Database } from './schema.ts';
import { StoreError } from './store-error.ts';

const EQUALITY: [keyof EventFilter, TagField][] = [
  ['actorId', 'actor'],
  ['role', 'role'],
  ['outcome', 'outcome'],
  ['targetId', 'target'],
  ['host', 'host'],
  ['sourceKind', 'kind'],
  ['severity', 'severity'],
];
/** A typePrefix naming more event types than this is refused rather than run slowly. */
const MAX_PREFIX_TYPES = 1000;

export async function searchEvents(
  db: Kysely<Database>,
  filter: EventFilter,
  limit: number,
): Promise<LeafRow[]> {
  checkFilter(filter, limit);
  const before = filter.beforeIndex ?? Number.MAX_SAFE_INTEGER;
  const sources: BlockSource[] = [];
  const types = await typeTags(db, filter);
  if (types?.length === 0 || before <= 0) return [];
  if (types !== undefined)
    sources.push(
      types.length === 1
        ? new TagSource(db, types[0]!)
        : new AnySource(types.map((t) => new TagSource(db, t))),
    );
  for (const [field, tagField] of EQUALITY) {
    const value = filter[field];
    if (typeof value === 'string') sources.push(new TagSource(db, tagOf(tagField, value)));
  }
  const timed = filter.sinceMs !== undefined || filter.untilMs !== undefined;
  if (timed) sources.push(new TimeSource(db, filter.sinceMs, filter.untilMs));
  if (sources.length === 0) return fetchEvents(db, filter, limit, { below: before });

  const hits: LeafRow[] = [];
  let candidates: number[] = [];
  for (let block = blockOf(before - 1); hits.length < limit;) {
    const found = await nextCommonBlock(sources, block);
    if (found >= 0) candidates.push(...matchingIndexes(sources, found, before));
    const need = limit - hits.length;
    if (found < 0 || candidates.length >= need) {
      // Without a time range every candidate is a hit: fetch no more than needed.
      hits.push(
        ...(await fetchEvents(db, filter, need, {
          indexes: timed ? candidates : candidates.slice(0, need),
        })),
      );
      candidates = [];
    }
    if (found < 0) break;
    block = found - 1;
  }
  return hits;
}

/** The greatest block ≤ `block` that every source holds, or -1. */
async function nextCommonBlock(sources: BlockSource[], block: number): Promise<number> {
  let target = block;
  for (;;) {
    if (target < 0) return -1;
    let agreed = true;
    for (const source of sources) {
      const head = await source.seek(target);
      if (head < 0) return -1;
      if (head < target) {
        target = head;
        agreed = false;
      }
    }
    if (agreed) return target;
  }
}

/** Indexes in `block` every source marks, newest first, below the cursor. */
function matchingIndexes(sources: BlockSource[], block: number, before: number): number[] {
  const counts = new Uint8Array(BLOCK_SIZE);
  let required = 0;
  for (const source of sources) {
    const offsets = source.offsets();
    if (offsets === undefined) continue; // a time source: every offset
    required++;
    const seen = new Uint8Array(BLOCK_SIZE); // offsets of a union may repeat
    for (const o of offsets) {
      if (seen[o] === 1) continue;
      seen[o] = 1;
      counts[o]!++;
    }
  }
  const out: number[] = [];
  for (let o = BLOCK_SIZE - 1; o >= 0; o--) {
    const index = block * BLOCK_SIZE + o;
    if (counts[o] === required && index < before) out.push(index);
  }
  return out;
}

/** Event rows at the given indexes or below a bound, newest first, with the exact time test. */
async function fetchEvents(
  db: Kysely<Database>,
  f: EventFilter,
  limit: number,
  scope: { below: number } | { indexes: number[] },
): Promise<LeafRow[]> {
  if ('indexes' in scope && scope.indexes.length === 0) return [];
  let query = db.selectFrom('events').select(['idx', 'leaf']);
  if ('below' in scope) query = query.where('idx', '<', scope.below);
  else if (isRun(scope.indexes))
    query = query.where('idx', '<=', scope.indexes[0]!).where('idx', '>=', scope.indexes.at(-1)!);
  else query = query.where('idx', 'in', scope.indexes);
  if (f.sinceMs !== undefined) query = query.where('time_ms', '>=', f.sinceMs);
  if (f.untilMs !== undefined) query = query.where('time_ms', '<', f.untilMs);
  const rows = await query.orderBy('idx', 'desc').limit(limit).execute();
  return rows.map((r) => ({ index: r.idx, leaf: r.leaf }));
}

/** Descending and without gaps (whole blocks of a time range): a range scan beats an IN list. */
function isRun(indexes: number[]): boolean {
  return indexes.length > 1 && indexes[0]! - indexes.at(-1)! === indexes.length - 1;
}

/** The type tags to match: an explicit list, the stored types under a prefix, or both. */
async function typeTags(db: Kysely<Database>, f: EventFilter): Promise<string[] | undefined> {
  const prefix = f.typePrefix === '' ? undefined : f.typePrefix;
  if (f.types !== undefined) {
    const types = [...new Set(f.types)].filter((t) => prefix === undefined || t.startsWith(prefix));
    return types.map((t) => tagOf('type', t));
  }
  if (prefix === undefined) return undefined;
  // Skip scan over the postings key: one seek per distinct stored type under the prefix.
  const low = tagOf('type', prefix);
  const high = prefixUpperBound(low)!; // defined: "type:" can always be incremented
  const tags: string[] = [];
  for (let last: string | undefined; ;) {
    const row = await db
      .selectFrom('event_tag_spans')
      .select('tag')
      .where('tag', last === undefined ? '>=' : '>', last ?? low)
      .where('tag', '<', high)
      .orderBy('tag')
      .limit(1)
      .executeTakeFirst();
    if (row === undefined) return tags;
    if (tags.length === MAX_PREFIX_TYPES)
      throw new StoreError(
        'INVALID_QUERY',
        `typePrefix "${prefix}" matches more than ${MAX_PREFIX_TYPES} event types`,
      );
    tags.push((last = row.tag));
  }
}

function checkFilter(f: EventFilter, limit: number): void {
  if (!Number.isSafeInteger(limit) || limit < 1)
    throw new StoreError('INVALID_QUERY', `limit must be a positive integer, got ${limit}`);
  for (const key of ['sinceMs', 'untilMs', 'beforeIndex'] as const) {
    const v = f[key];
    if (v !== undefined && !Number.isSafeInteger(v))
      throw new StoreError('INVALID_QUERY', `${key} must be an integer, got ${v}`);
  }
}
