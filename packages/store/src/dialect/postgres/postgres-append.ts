// The PostgreSQL append hot path: one transaction, one round trip per table, each a single
// INSERT … SELECT over unnest(one array per column). The statement texts never change, so each is
// prepared once per connection (named), whatever the batch size. Byte strings travel as one
// binary parameter holding all of them back to back, cut apart by the server (`substring`):
// node-postgres would otherwise hex-encode every element of a bytea[] array, which measured
// slower than the inserts themselves.
import type pg from 'pg';
import { appendConflict, checkBatchPosition } from '../../append-batch.ts';
import type { AppendBatch } from '../../log-store.ts';
import { blockTimeRows, postingRows } from '../../postings.ts';
import { encodeText } from '../../text-codec.ts';
import { isUniqueViolation } from './postgres-errors.ts';

const COUNTS = {
  name: 'kw_append_counts',
  text: `select coalesce((select max(idx) from events) + 1, 0) as size,
                coalesce((select max(address) from merkle_hashes) + 1, 0) as hashes`,
};
/** $n: all values concatenated; $n+1: where each starts (0-based); $n+2: each length. */
const cut = (n: number): string => `substring($${n}::bytea from s + 1 for l)`;
const EVENTS = `insert into events (idx, id, time_ms, received_ms, leaf)
  select i, id, t, r, ${cut(5)} from unnest($1::bigint[], $2::text[], $3::bigint[], $4::bigint[], $6::int[], $7::int[]) as u(i, id, t, r, s, l)`;
const HASHES = `insert into merkle_hashes (address, hash)
  select $1::bigint + n, substring($2::bytea from n * $3 + 1 for $3) from generate_series(0, $4 - 1) as n`;
const POSTINGS = `insert into event_postings (block, tag, offsets)
  select b, tag, ${cut(3)} from unnest($1::text[], $2::bigint[], $4::int[], $5::int[]) as u(tag, b, s, l)
  on conflict (block, tag) do update set offsets = event_postings.offsets || excluded.offsets`;
// Known spans are skipped without writing.
const SPANS =
  'insert into event_tag_spans (tag, span) select * from unnest($1::text[], $2::bigint[]) on conflict do nothing';
const BLOCK_TIMES = `insert into event_blocks (block, min_time, max_time) select * from unnest($1::bigint[], $2::bigint[], $3::bigint[])
  on conflict (block) do update set min_time = least(event_blocks.min_time, excluded.min_time),
                                    max_time = greatest(event_blocks.max_time, excluded.max_time)`;
const CHECKPOINT = 'insert into checkpoints (size, root, note, created_ms) values ($1, $2, $3, $4)';

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

export async function appendPostgres(client: pg.PoolClient, batch: AppendBatch): Promise<void> {
  await client.query('begin');
  try {
    const { rows } = await client.query<{ size: number; hashes: number }>(COUNTS);
    checkBatchPosition(batch, rows[0]!.size, rows[0]!.hashes);
    const { events } = batch;
    const [leaves, starts, lengths] = packed(events.map((e) => e.leaf));
    await client.query({
      name: 'kw_append_events',
      text: EVENTS,
      values: [
        events.map((e) => e.index),
        events.map((e) => encodeText(e.id)),
        events.map((e) => e.timeMs),
        events.map((e) => e.receivedMs),
        leaves,
        starts,
        lengths,
      ],
    });
    await insertHashes(client, batch.hashes);
    const p = postingRows(events);
    await client.query({
      name: 'kw_append_postings',
      text: POSTINGS,
      values: [p.tags, p.blocks, ...packed(p.offsets)],
    });
    await client.query({ name: 'kw_append_spans', text: SPANS, values: [p.spanTags, p.spans] });
    const t = blockTimeRows(events);
    await client.query({
      name: 'kw_append_block_times',
      text: BLOCK_TIMES,
      values: [t.blocks, t.minTimes, t.maxTimes],
    });
    const cp = batch.checkpoint;
    await client.query({
      name: 'kw_append_checkpoint',
      text: CHECKPOINT,
      values: [cp.size, cp.root, cp.note, cp.createdMs],
    });
    // synchronous_commit is on for this session (postgres-log-store.ts): COMMIT returns after
    // the WAL is flushed to disk.
    await client.query('commit');
  } catch (err) {
    await client.query('rollback').catch(() => undefined); // the connection may be gone
    throw isUniqueViolation(err) ? appendConflict(err) : err;
  }
}

async function insertHashes(
  client: pg.PoolClient,
  { start, values }: AppendBatch['hashes'],
): Promise<void> {
  if (values.length === 0) return;
  const width = values[0]!.length;
  if (values.every((v) => v.length === width)) {
    await client.query({
      name: 'kw_append_hashes',
      text: HASHES,
      values: [start, Buffer.concat(values), width, values.length],
    });
    return;
  }
  const [all, starts, lengths] = packed(values); // not all one width: cut them one by one
  await client.query({
    name: 'kw_append_hashes_any',
    text: `insert into merkle_hashes (address, hash) select $1::bigint + n - 1, ${cut(2)} from unnest($3::int[], $4::int[]) with ordinality as u(s, l, n)`,
    values: [start, all, starts, lengths],
  });
}
