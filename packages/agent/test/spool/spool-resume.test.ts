// When room returns only for part of a group of events, the agent.spool_resumed notice is still
// written (from the reserve) with its count; an emit resolves exactly when its event is stored
// (so no caller spools one twice); and every refusal ends up counted in some notice.
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
  id: `ev-${n}`,
  time: '2026-11-29T08:00:00.000Z',
  type: 'fim.modified',
  outcome: 'success',
  actor: { id: 'root' },
  target: { type: 'file', id: `/etc/kms/${n}.conf` },
});

test('room for part of a group: the resume notice is not lost, nothing stored twice', async () => {
  // One record per segment, so acknowledging k records frees exactly their bytes.
  const spool = await FileSpool.open({
    dir: mkdtempSync(join(tmpdir(), 'kw-resume-')),
    maxBytes: 6000,
    segmentBytes: 300,
    reserveBytes: 2000,
  });
  const events = new EventSpool(spool, 'a-1', 'kms-1');
  const resolved = new Set<string>();
  const emitAll = async (ns: number[]) => {
    const results = await Promise.allSettled(ns.map((n) => events.emit(event(n))));
    results.forEach((r, k) => {
      if (r.status === 'fulfilled') resolved.add(`ev-${ns[k]}`);
      else assert.ok(r.reason instanceof AgentError && r.reason.code === 'SPOOL_FULL');
    });
  };
  // Each read returns the records after the previous one: together, everything stored.
  const all = async () =>
    (await spool.read(1000, 1 << 20)).map((r) => ({
      seq: r.seq,
      e: JSON.parse(r.payload.toString()) as NativeEvent,
    }));
  const seen: NativeEvent[] = [];
  for (let n = 0; n < 40; n += 10) await emitAll(Array.from({ length: 10 }, (_, k) => n + k));
  assert.ok(events.refusedTotal > 0);

  // Room for a few records (the notices count too): some of the next ten fit, and no room
  // would be left for the notice outside the reserve.
  const before = await all();
  seen.push(...before.map((r) => r.e));
  await spool.ack(8);
  await emitAll(Array.from({ length: 10 }, (_, k) => 100 + k));
  // Then all of it acknowledged, and one more event: whatever is still counted is reported.
  const middle = await all();
  seen.push(...middle.map((r) => r.e));
  await spool.ack([...before, ...middle].at(-1)!.seq);
  await emitAll([200]);
  seen.push(...(await all()).map((r) => r.e));

  const ids = seen.filter((e) => e.type === 'fim.modified').map((e) => e.id!);
  assert.equal(new Set(ids).size, ids.length, 'no event stored twice');
  assert.deepEqual(new Set(ids), resolved, 'stored exactly when its emit resolved');
  const resumed = seen.filter((e) => e.type === 'agent.spool_resumed');
  const counted = resumed.reduce((n, e) => n + Number(e.detail?.['refused']), 0);
  assert.equal(counted, events.refusedTotal, 'every refusal is in an agent.spool_resumed');
  const notices = seen.filter((e) => e.type.startsWith('agent.spool_'));
  assert.equal(notices[0]?.type, 'agent.spool_full');
  assert.equal(notices.at(-1)?.type, 'agent.spool_resumed', 'the last episode is closed');
  assert.ok(
    ids.some((id) => id.startsWith('ev-10')),
    'part of the group after the first acknowledgement was stored',
  );
  assert.equal((events.health() as { full: boolean }).full, false);
  await spool.close();
});
