// The SQLite append itself, shared by the commit thread (sqlite-commit-worker.cjs) and the event
// loop's connection, which commits small batches inline when the thread is idle
// (sqlite-log-store.ts). Plain CommonJS so that the thread starts without tsx.
'use strict';

const HASH_BYTES = 32;

// The append: cached prepared statements inside one BEGIN IMMEDIATE transaction, which takes the
// write lock before the size check, so no other connection appends between the check and the
// inserts. append(packed) returns undefined once committed, or the counts found when the batch
// does not start where the log ends (then nothing is written).
function makeAppender(db) {
  const counts = db.prepare(
    `select coalesce((select max(idx) from events) + 1, 0) as size,
            coalesce((select max(address) from merkle_hashes) + 1, 0) as hashes`,
  );
  const event = db.prepare(
    'insert into events (idx, id, time_ms, received_ms, leaf) values (?, ?, ?, ?, ?)',
  );
  // All of a batch's hashes in one statement, cut from one concatenated blob: measured at about
  // half the cost of one statement per hash.
  const hashRun = db.prepare(
    `insert into merkle_hashes (address, hash)
     with recursive n(i) as (select 0 union all select i + 1 from n where i + 1 < ?)
     select ? + i, substr(?, i * ${HASH_BYTES} + 1, ${HASH_BYTES}) from n`,
  );
  const posting = db.prepare(
    `insert into event_postings (block, tag, offsets) values (?, ?, ?)
     on conflict (block, tag) do update set offsets = cast(offsets || excluded.offsets as blob)`,
  );
  // Known spans are skipped without writing a page.
  const span = db.prepare(
    'insert into event_tag_spans (tag, span) values (?, ?) on conflict do nothing',
  );
  const blockTime = db.prepare(
    `insert into event_blocks (block, min_time, max_time) values (?, ?, ?)
     on conflict (block) do update set min_time = min(min_time, excluded.min_time), max_time = max(max_time, excluded.max_time)`,
  );
  const checkpoint = db.prepare(
    'insert into checkpoints (size, root, note, created_ms) values (?, ?, ?, ?)',
  );

  function insert(b) {
    const found = counts.get();
    if (b.first !== found.size || (b.hashCount > 0 && b.hashStart !== found.hashes)) return found;
    // Stored ids are NUL-free (text-codec.ts), so NUL can join them.
    const ids = b.ids.split('\u0000');
    const leaves = Buffer.from(b.leaves.buffer, b.leaves.byteOffset, b.leaves.byteLength);
    let start = 0;
    for (let i = 0; i < b.count; i++) {
      const end = b.leafEnds[i];
      event.run(b.first + i, ids[i], b.timeMs[i], b.receivedMs[i], leaves.subarray(start, end));
      start = end;
    }
    if (b.hashCount > 0) hashRun.run(b.hashCount, b.hashStart, b.hashes);
    const p = b.postings;
    for (let i = 0; i < p.tags.length; i++) posting.run(p.blocks[i], p.tags[i], p.offsets[i]);
    for (let i = 0; i < p.spanTags.length; i++) span.run(p.spanTags[i], p.spans[i]);
    const t = b.blockTimes;
    for (let i = 0; i < t.blocks.length; i++)
      blockTime.run(t.blocks[i], t.minTimes[i], t.maxTimes[i]);
    const cp = b.checkpoint;
    checkpoint.run(cp.size, cp.root, cp.note, cp.createdMs);
    return undefined;
  }

  // better-sqlite3 rolls the transaction back on any throw.
  const write = db.transaction(insert);
  return (packed) => write.immediate(packed);
}

module.exports = { makeAppender };
