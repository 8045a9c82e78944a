// The PostgreSQL append hot path: ONE statement per batch. Its data-modifying CTEs insert the
// events, hashes, postings, spans, block times and the checkpoint; run outside BEGIN it is its own
// transaction, committed at the protocol's Sync before ReadyForQuery, which is when node-postgres
// resolves it (synchronous_commit is on for this session, postgres-log-store.ts: the WAL is on
// disk by then). Nine round trips (begin, count, six inserts, commit) measured as the bottleneck:
// each waited for a busy event loop. The position check is in the statement too: every insert
// reads the `ok` row, which exists only when the batch starts where the log ends, and the
// statement returns the counts so that a refused batch (nothing written) gets its precise error.
// Byte strings travel as one binary parameter holding all of them back to back, cut apart by the
// server (`substring`): node-postgres would otherwise hex-encode every element of a bytea[].
import type pg from 'pg';
import { appendConflict, checkBatchPosition, HASH_BYTES } from '../../append-batch.ts';
import type { AppendBatch } from '../../log-store.ts';
import { blockTimeRows, postingRows } from '../../postings.ts';
import { encodeText } from '../../text-codec.ts';
import { isUniqueViolation } from './postgres-errors.ts';

/** `substring` of the blob $blob at 0-based start s for length l. */
const cut = (blob: number): string => `substring($${blob}::bytea from s + 1 for l)`;

// $1 first index, $2 first hash address, $3 hash count.
const APPEND = `with pos as (
  select coalesce((select max(idx) from events) + 1, 0) as size,
         coalesce((select max(address) from merkle_hashes) + 1, 0) as hashes
), ok as (
  select 1 as ok from pos where size = $1::bigint and ($3::int = 0 or hashes = $2::bigint)
), e as (
  insert into events (idx, id, time_ms, received_ms, leaf)
  select $1::bigint + n - 1, id, t, r, ${cut(7)}
  from ok, unnest($4::text[], $5::bigint[], $6::bigint[], $8::int[], $9::int[]) with ordinality as u(id, t, r, s, l, n)
), h as (
  insert into merkle_hashes (address, hash)
  select $2::bigint + n, substring($10::bytea from n * ${HASH_BYTES} + 1 for ${HASH_BYTES})
  from ok, generate_series(0, $3::int - 1) as n
), p as (
  insert into event_postings (block, tag, offsets)
  select b, tag, ${cut(13)} from ok, unnest($11::text[], $12::bigint[], $14::int[], $15::int[]) as u(tag, b, s, l)
  on conflict (block, tag) do update set offsets = event_postings.offsets || excluded.offsets
), sp as (
  insert into event_tag_spans (tag, span)
  select tag, span from ok, unnest($16::text[], $17::bigint[]) as u(tag, span) on conflict do nothing
), bt as (
  insert into event_blocks (block, min_time, max_time)
  select b, lo, hi from ok, unnest($18::bigint[], $19::bigint[], $20::bigint[]) as u(b, lo, hi)
  on conflict (block) do update set min_time = least(event_blocks.min_time, excluded.min_time),
                                    max_time = greatest(event_blocks.max_time, excluded.max_time)
), c as (
  insert into checkpoints (size, root, note, created_ms) select $21, $22, $23, $24 from ok
)
select size, hashes from pos`;

/** Byte strings as [concatenation, starts, lengths] parameters for `cut`. */
function packed(values: readonly Uint8Array[]): [Buffer, number[], number[]] {
  const starts: number[] = [];
  const lengths: number[] = [];
  let at = 0;
  for (const v of values) {
    starts.push(at);
    lengths.push(v.length);
    at += v.length;
  }
  return [Buffer.concat(values, at), starts, lengths];
}

/** Appends a batch checked by checkBatchShape; APPEND_CONFLICT (nothing written) when it does not fit. */
export async function appendPostgres(client: pg.PoolClient, batch: AppendBatch): Promise<void> {
  const { events, hashes, checkpoint: cp } = batch;
  const p = postingRows(events);
  const t = blockTimeRows(events);
  let counts: { size: number; hashes: number } | undefined;
  try {
    const { rows } = await client.query<{ size: number; hashes: number }>({
      name: 'kw_append',
      text: APPEND,
      values: [
        events[0]!.index,
        hashes.start,
        hashes.values.length,
        events.map((e) => encodeText(e.id)),
        events.map((e) => e.timeMs),
        events.map((e) => e.receivedMs),
        ...packed(events.map((e) => e.leaf)),
        Buffer.concat(hashes.values),
        p.tags,
        p.blocks,
        ...packed(p.offsets),
        p.spanTags,
        p.spans,
        t.blocks,
        t.minTimes,
        t.maxTimes,
        cp.size,
        cp.root,
        cp.note,
        cp.createdMs,
      ],
    });
    counts = rows[0];
  } catch (err) {
    throw isUniqueViolation(err) ? appendConflict(err) : err;
  }
  // Throws APPEND_CONFLICT when the batch did not fit, i.e. when `ok` was empty and nothing was written.
  checkBatchPosition(batch, counts!.size, counts!.hashes);
}
