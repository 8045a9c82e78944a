// Ids the server gives events sent without one, and its own records. UUIDv7 (RFC 9562 §5.7):
// the first 48 bits are the Unix time in ms, so new ids sort after older ones and land at the end
// of the unique index on ids instead of on a random page of it. With random v4 ids each appended
// event dirtied a page of that index (docs/performance.md, eighth session).
import { randomFillSync } from 'node:crypto';
import { v7 } from 'uuid';

// uuid's v7 draws 16 random bytes per call (2.2 µs here); filled in blocks they cost 0.6 µs.
const BLOCK = 16 * 1024;
let pool = Buffer.alloc(0);
let at = 0;

export function newEventId(): string {
  if (at === pool.length) {
    pool = randomFillSync(Buffer.allocUnsafe(BLOCK)); // filled whole before any id is cut
    at = 0;
  }
  return v7({ random: pool.subarray(at, (at += 16)) });
}
