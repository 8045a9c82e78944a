// newEventId (sequencer/event-id.ts): UUIDv7 from random bytes drawn in blocks.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { newEventId } from '../src/sequencer/event-id.ts';

test('server-assigned ids are distinct UUIDv7s across random blocks, and sort by their millisecond', async () => {
  const v7 = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
  const ids = Array.from({ length: 5000 }, () => newEventId()); // several 1,024-id blocks
  for (const id of ids) assert.match(id, v7);
  assert.equal(new Set(ids).size, ids.length);
  const before = newEventId();
  await new Promise((r) => setTimeout(r, 3));
  assert.ok(before < newEventId());
});
