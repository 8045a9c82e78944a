// The SQLite append hot path: cached prepared statements run inside one better-sqlite3
// transaction (Kysely compiles and prepares every query on each call, a cost this path would pay
// for every row). BEGIN IMMEDIATE takes the write lock before the size check, so no other process
// can append between the check and the inserts.
import type BetterSqlite3 from 'better-sqlite3';
import { checkBatchPosition, HASH_BYTES } from '../../append-batch.ts';
import type { AppendBatch } from '../../log-store.ts';
import { blockTimeRows, postingRows } from '../../postings.ts';
import { encodeText } from '../../text-codec.ts';

type Run<P extends unknown[]> = BetterSqlite3.Statement<P>;

export class SqliteAppender {
  private readonly counts: BetterSqlite3.Statement<[], { size: number; hashes: number }>;
  private readonly event: Run<[number, string, number, number, Uint8Array]>;
  private readonly hashRun: Run<[number, number, Buffer]>;
  private readonly posting: Run<[number, string, Buffer]>;
  private readonly span: Run<[string, number]>;
  private readonly blockTime: Run<[number, number, number]>;
  private readonly checkpoint: Run<[number, Uint8Array, string, number]>;
  private readonly write: BetterSqlite3.Transaction<(batch: AppendBatch) => void>;

  constructor(db: BetterSqlite3.Database) {
    this.counts = db.prepare(
      `select coalesce((select max(idx) from events) + 1, 0) as size,
              coalesce((select max(address) from merkle_hashes) + 1, 0) as hashes`,
    );
    this.event = db.prepare(
      'insert into events (idx, id, time_ms, received_ms, leaf) values (?, ?, ?, ?, ?)',
    );
    // All of a batch's hashes in one statement, cut from one concatenated blob: measured at about
    // half the cost of one statement per hash.
    this.hashRun = db.prepare(
      `insert into merkle_hashes (address, hash)
       with recursive n(i) as (select 0 union all select i + 1 from n where i + 1 < ?)
       select ? + i, substr(?, i * ${HASH_BYTES} + 1, ${HASH_BYTES}) from n`,
    );
    this.posting = db.prepare(
      `insert into event_postings (block, tag, offsets) values (?, ?, ?)
       on conflict (block, tag) do update set offsets = cast(offsets || excluded.offsets as blob)`,
    );
    // Known spans are skipped without writing a page.
    this.span = db.prepare(
      'insert into event_tag_spans (tag, span) values (?, ?) on conflict do nothing',
    );
    this.blockTime = db.prepare(
      `insert into event_blocks (block, min_time, max_time) values (?, ?, ?)
       on conflict (block) do update set min_time = min(min_time, excluded.min_time), max_time = max(max_time, excluded.max_time)`,
    );
    this.checkpoint = db.prepare(
      'insert into checkpoints (size, root, note, created_ms) values (?, ?, ?, ?)',
    );
    this.write = db.transaction((batch: AppendBatch) => this.insert(batch));
  }

  /** Throws on conflict; better-sqlite3 rolls the transaction back on any throw. */
  append(batch: AppendBatch): void {
    this.write.immediate(batch);
  }

  private insert(batch: AppendBatch): void {
    const { size, hashes } = this.counts.get()!;
    checkBatchPosition(batch, size, hashes);
    for (const e of batch.events)
      this.event.run(e.index, encodeText(e.id), e.timeMs, e.receivedMs, e.leaf);
    this.insertHashes(batch.hashes);
    const p = postingRows(batch.events);
    for (let i = 0; i < p.tags.length; i++)
      this.posting.run(p.blocks[i]!, p.tags[i]!, p.offsets[i]!);
    for (let i = 0; i < p.spans.length; i++) this.span.run(p.spanTags[i]!, p.spans[i]!);
    const t = blockTimeRows(batch.events);
    for (let i = 0; i < t.blocks.length; i++)
      this.blockTime.run(t.blocks[i]!, t.minTimes[i]!, t.maxTimes[i]!);
    const cp = batch.checkpoint;
    this.checkpoint.run(cp.size, cp.root, cp.note, cp.createdMs);
  }

  /** Every hash is HASH_BYTES wide (checkBatchShape). */
  private insertHashes({ start, values }: AppendBatch['hashes']): void {
    if (values.length > 0) this.hashRun.run(values.length, start, Buffer.concat(values));
  }
}
