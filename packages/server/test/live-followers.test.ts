// The live feed names every type and source kind of a commit, not only those of its newest few
// events, so that the followers (keys and perf, software) read back exactly the commits that hold
// something of theirs: a key.create at the start of a large commit is applied, and a large commit
// of other events costs no query at all.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { canonicalLeaf } from '@keywatch/auditlog';
import type { StoredEvent } from '@keywatch/protocol';
import type { EventRow } from '@keywatch/store';
import { toEventRow } from '../src/sequencer/event-row.ts';
import { LiveFeed, type LiveBatch } from '../src/live/live-feed.ts';
import { keysService } from '../src/keys/keys-service.ts';
import { startTestServer, type TestServer } from './test-server.ts';

const stored = (index: number, type: string, kind: string): EventRow => {
  const e: StoredEvent = {
    id: `e-${index}`,
    index,
    time: '2026-11-28T12:00:00.000Z',
    received: '2026-11-28T12:00:00.000Z',
    type,
    outcome: 'success',
    actor: { id: 'svc' },
    source: { kind },
  };
  return toEventRow(e, canonicalLeaf(e), 0);
};

test('a batch carries every type and kind of the commit, beyond the newest events it lists', () => {
  const feed = new LiveFeed();
  let got: LiveBatch | undefined;
  feed.subscribe((b) => (got = b));
  const events = [stored(0, 'key.create', 'vault')];
  for (let i = 1; i < 100; i++) events.push(stored(i, 'crypto.decrypt', 'native'));
  feed.publish(events);
  assert.equal(got?.events.length, 20);
  assert.ok(!got.events.some((e) => e.type === 'key.create'));
  assert.deepEqual([...got.types].sort(), ['crypto.decrypt', 'key.create']);
  assert.deepEqual([...got.kinds].sort(), ['native', 'vault']);
});

let t: TestServer;
let ingest: string;
before(async () => {
  t = await startTestServer();
  ingest = await t.token('ingest', 'follower-test');
});
after(() => t.close());

const ev = (i: number, type: string) => ({
  id: `f-${i}`,
  time: '2026-11-28T12:00:00.000Z',
  type,
  outcome: 'success',
  actor: { id: 'alice', roles: ['key_admin'] },
  target: { type: 'key', id: `follow-key-${i}` },
  source: { kind: 'native' },
  ...(type === 'key.create' && { detail: { algorithm: 'aes', size: 256 } }),
});

test('keys follower: a large commit of other events is not read back; a key.create in one is applied', async () => {
  const keys = keysService(t.server.context);
  await keys.idle();
  const store = t.server.context.store;
  const original = store.queryEvents.bind(store);
  let queries = 0;
  store.queryEvents = (...args) => {
    queries++;
    return original(...args);
  };
  try {
    const decrypts = Array.from({ length: 100 }, (_, i) => ev(1000 + i, 'crypto.decrypt'));
    const r1 = await t.request('POST', '/v1/events', ingest, decrypts);
    assert.equal(r1.statusCode, 200, r1.body);
    await keys.idle();
    assert.equal(queries, 0, 'a commit with no key.*, perf.sample or duration source is skipped');

    const mixed = [ev(1, 'key.create'), ...decrypts.map((e, i) => ({ ...e, id: `g-${i}` }))];
    const r2 = await t.request('POST', '/v1/events', ingest, mixed);
    assert.equal(r2.statusCode, 200, r2.body);
    await keys.idle();
    assert.ok(queries > 0);
  } finally {
    store.queryEvents = original;
  }
  const list = await t.request('GET', '/v1/keys', t.adminToken);
  const found = list.json<{ keys: { id: string }[] }>().keys.find((k) => k.id === 'follow-key-1');
  assert.ok(found, 'the key.create at the start of a 101-event commit reached the inventory');
});
