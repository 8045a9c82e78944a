// Checks shared by every dialect's appendBatch. The shape checks run before any I/O (a malformed
// batch is a caller bug: INVALID_QUERY); the position checks run inside the write transaction
// against what is committed (another writer got there first: APPEND_CONFLICT).
import type { AppendBatch } from './log-store.ts';
import { StoreError } from './store-error.ts';

/** The width of every stored Merkle hash (SHA-256). */
export const HASH_BYTES = 32;

export function checkBatchShape(batch: AppendBatch): void {
  const { events, hashes, checkpoint } = batch;
  const first = events[0]?.index;
  if (first === undefined)
    throw new StoreError('INVALID_QUERY', 'appendBatch needs at least one event');
  if (!Number.isSafeInteger(first) || first < 0)
    throw new StoreError('INVALID_QUERY', `invalid first index ${first}`);
  events.forEach((e, i) => {
    if (e.index !== first + i) {
      throw new StoreError(
        'INVALID_QUERY',
        `batch indexes are not contiguous: position ${i} holds ${e.index}, expected ${first + i}`,
      );
    }
  });
  if (!Number.isSafeInteger(hashes.start) || hashes.start < 0) {
    throw new StoreError('INVALID_QUERY', `invalid hash start address ${hashes.start}`);
  }
  // RFC 9162 §2.1 hashes are SHA-256: the dialects store a batch's hashes as one blob cut in
  // fixed widths.
  const odd = hashes.values.findIndex((h) => h.length !== HASH_BYTES);
  if (odd >= 0) {
    throw new StoreError(
      'INVALID_QUERY',
      `hash ${hashes.start + odd} is ${hashes.values[odd]!.length} bytes, not ${HASH_BYTES}`,
    );
  }
  if (checkpoint.size !== first + events.length) {
    throw new StoreError(
      'INVALID_QUERY',
      `the checkpoint covers ${checkpoint.size} entries but the batch ends at ${first + events.length}`,
    );
  }
}

/** Both counts as committed: events (max index + 1) and stored hashes (max address + 1). */
export function checkBatchPosition(batch: AppendBatch, logSize: number, hashCount: number): void {
  const first = batch.events[0]!.index;
  if (first !== logSize) {
    throw new StoreError(
      'APPEND_CONFLICT',
      `the batch starts at index ${first} but the log holds ${logSize} entries`,
    );
  }
  // Stored hashes are contiguous from address 0; a gap would leave the tree unrestorable.
  if (batch.hashes.values.length > 0 && batch.hashes.start !== hashCount) {
    throw new StoreError(
      'APPEND_CONFLICT',
      `the hashes start at address ${batch.hashes.start} but ${hashCount} are stored`,
    );
  }
}

export function appendConflict(cause: unknown): StoreError {
  return new StoreError(
    'APPEND_CONFLICT',
    'the batch collides with stored entries (index, id, hash address or checkpoint); nothing was written',
    {
      cause,
    },
  );
}
