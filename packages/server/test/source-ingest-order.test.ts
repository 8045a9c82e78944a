// Records handed to the log one call after another reach it in that order, even when the first
// call has records to quarantine first (an import's chunks, a tailer's batches): the events are
// queued before the quarantine is written, not after.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { decodeLines, ingestRecords } from '../src/index.ts';
import { startTestServer, type TestServer } from './test-server.ts';

let t: TestServer;
before(async () => {
  t = await startTestServer();
});
after(() => t.close());

const line = (id: string): string =>
  JSON.stringify({
    time: '2026-01-01T00:00:00Z',
    type: 'response',
    auth: { display_name: 'app', policies: ['default'] },
    request: { id, operation: 'update', path: 'transit/encrypt/k', mount_type: 'transit' },
    response: {},
  });

test('a call with quarantined records does not let the next call overtake its events', async () => {
  const ctx = t.server.context;
  const via = { store: ctx.store, sequencer: ctx.sequencer, actor: { id: 'test' }, via: 'test' };
  const key = Buffer.alloc(32, 7);
  const first = ingestRecords(
    'vault',
    decodeLines('vault', ['{"broken', 'not json', line('order-a')], key),
    via,
  );
  const second = ingestRecords('vault', decodeLines('vault', [line('order-b')], key), via);
  const [a, b] = await Promise.all([first, second]);
  assert.ok(a.quarantined > 0);
  const at = (r: typeof a): number => {
    const accepted = r.results.find((x) => x.status === 'accepted');
    assert.ok(accepted?.status === 'accepted');
    return accepted.index;
  };
  assert.ok(at(a) < at(b), `first call's event at ${at(a)}, second call's at ${at(b)}`);
});
