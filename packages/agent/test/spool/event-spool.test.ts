// Events into the spool: ids, agent and sequence numbers filled in; when the spool is full the
// event is refused and counted, one agent.spool_full notice is written into the reserve, and when
// room returns agent.spool_resumed says how many were refused.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { NativeEvent } from '@keywatch/protocol';
import { AgentError } from '../../src/agent-error.ts';
import { EventSpool } from '../../src/spool/event-spool.ts';
import { FileSpool } from '../../src/spool/file-spool.ts';

const event = (n: number): NativeEvent => ({
  time: '2026-11-29T08:00:00.000Z',
  type: 'fim.modified',
  outcome: 'success',
  actor: { id: 'root' },
  target: { type: 'file', id: `/etc/kms/${n}.conf` },
});

async function all(spool: FileSpool): Promise<NativeEvent[]> {
  return (await spool.read(1000, 1 << 20)).map(
    (r) => JSON.parse(r.payload.toString()) as NativeEvent,
  );
}

test('full spool: refused and counted, one notice in the reserve, resumed with the count', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'kw-events-'));
  const spool = await FileSpool.open({
    dir,
    maxBytes: 4000,
    segmentBytes: 1000,
    reserveBytes: 1000,
  });
  const events = new EventSpool(spool, 'a-1', 'kms-1');
  let accepted = 0;
  let refused = 0;
  for (let n = 0; n < 30; n++) {
    try {
      await events.emit(event(n));
      accepted++;
    } catch (err) {
      assert.ok(err instanceof AgentError && err.code === 'SPOOL_FULL');
      refused++;
    }
  }
  assert.ok(accepted > 0 && refused > 0);
  assert.equal(events.refusedTotal, refused);
  assert.equal((events.health() as { full: boolean }).full, true);
  const stored = await all(spool);
  assert.equal(stored.length, accepted + 1);
  assert.deepEqual(
    stored.map((e) => e.source?.seq),
    Array.from({ length: accepted + 1 }, (_, i) => i + 1),
  );
  assert.deepEqual(stored[0]!.source, { kind: 'agent', host: 'kms-1', agent: 'a-1', seq: 1 });
  assert.equal(stored[0]!.id, 'a-1:1');
  assert.deepEqual(
    stored.filter((e) => e.type === 'agent.spool_full').map((e) => e.source?.seq),
    [accepted + 1],
    'exactly one notice, after the accepted events',
  );
  await spool.ack(accepted + 1);
  await events.emit(event(99));
  const after = await all(spool);
  assert.deepEqual(
    after.map((e) => e.type),
    ['fim.modified', 'agent.spool_resumed'],
  );
  assert.equal(after[1]!.detail?.['refused'], refused);
  await spool.close();
});
