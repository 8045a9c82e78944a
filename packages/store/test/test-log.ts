// Test data: event rows with chosen fields, and a model of the log that builds valid batches
// (contiguous indexes, one stored hash per event, a checkpoint covering the batch).
import { createHash } from 'node:crypto';
import type { AppendBatch, EventRow, LogStore } from '../src/index.ts';

export type EventFields = Partial<Omit<EventRow, 'index' | 'leaf'>>;

/** A leaf with bytes that a text round trip would break: NUL, invalid UTF-8, high bytes. */
export function leafFor(index: number, id: string): Buffer {
  return Buffer.concat([
    Buffer.from(`{"index":${index},"id":"${id}"}`),
    Buffer.from([0x00, 0xff, 0xfe, 0x80, index % 256]),
  ]);
}

export function eventRow(index: number, fields: EventFields = {}): EventRow {
  const id = fields.id ?? `ev-${index}`;
  return {
    index,
    id,
    timeMs: 1_700_000_000_000 + index * 1000,
    receivedMs: 1_700_000_000_000 + index * 1000 + 7,
    type: 'key.create',
    outcome: 'success',
    actorId: 'alice',
    actorRoles: ['key_admin'],
    targetId: null,
    targetType: null,
    host: null,
    sourceKind: null,
    severity: null,
    ...fields,
    leaf: leafFor(index, id),
  };
}

export function hashOf(address: number): Buffer {
  return createHash('sha256').update(`hash-${address}`).digest();
}

export class TestLog {
  size = 0;
  hashCount = 0;
  constructor(private readonly store: LogStore) {}

  /** A valid next batch of `n` events; `fields(i)` customizes the event at index i. */
  batch(n: number, fields: (index: number) => EventFields = () => ({})): AppendBatch {
    const events = Array.from({ length: n }, (_, k) =>
      eventRow(this.size + k, fields(this.size + k)),
    );
    const values = events.map((_, k) => hashOf(this.hashCount + k));
    const size = this.size + n;
    return {
      events,
      hashes: { start: this.hashCount, values },
      checkpoint: {
        size,
        root: hashOf(-size),
        note: `test\n${size}\n`,
        createdMs: 1_700_000_000_000 + size,
      },
    };
  }

  /** Advances the model past a batch built with batch() (for callers that append it later). */
  commit(b: AppendBatch): void {
    this.size += b.events.length;
    this.hashCount += b.hashes.values.length;
  }

  /** Appends a valid batch and advances the model. */
  async append(n: number, fields?: (index: number) => EventFields): Promise<AppendBatch> {
    const b = this.batch(n, fields);
    await this.store.appendBatch(b);
    this.size += n;
    this.hashCount += n;
    return b;
  }
}

/**
 * One event at `index` after `index` others, with a checkpoint that need not verify (the store
 * only keeps it) and no stored hashes: for tests of what refuses an append.
 */
export function oneEventBatch(index: number): AppendBatch {
  return {
    events: [eventRow(index)],
    hashes: { start: index === 0 ? 0 : 1, values: [] },
    checkpoint: { size: index + 1, root: new Uint8Array(32), note: '', createdMs: 0 },
  };
}
