import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { StoredEvent } from '@keywatch/protocol';
import { auth, event, startTestServer, type TestServer } from './test-server.ts';

type Page = { events: StoredEvent[]; next: string | null };

describe('GET /v1/events', () => {
  let t: TestServer;
  let reader: string;
  before(async () => {
    t = await startTestServer();
    reader = await t.token('audit_admin', 'carol');
    const ingest = await t.token('ingest');
    const events = Array.from({ length: 250 }, (_, i) => event(i));
    const res = await t.server.app.inject({
      method: 'POST',
      url: '/v1/events',
      headers: { ...auth(ingest), 'content-type': 'application/json' },
      payload: JSON.stringify(events),
    });
    assert.equal(res.statusCode, 200);
  });
  after(() => t.close());

  const get = async (query: string): Promise<Page> => {
    const res = await t.server.app.inject({ url: `/v1/events?${query}`, headers: auth(reader) });
    assert.equal(res.statusCode, 200, res.body);
    return res.json<Page>();
  };
  const native = (p: Page) => p.events.filter((e) => e.source?.kind === 'native');

  test('pages newest first with a keyset cursor, through every event exactly once', async () => {
    const seen: number[] = [];
    let cursor: string | null = null;
    do {
      const page: Page = await get(`source=native&limit=60${cursor ? `&cursor=${cursor}` : ''}`);
      seen.push(...page.events.map((e) => e.index));
      cursor = page.next;
    } while (cursor);
    assert.equal(seen.length, 250);
    assert.deepEqual(
      seen,
      [...seen].sort((a, b) => b - a),
    );
    assert.equal(new Set(seen).size, 250);
  });

  test('filters by type, actor, role, outcome, target, host and time', async () => {
    const checks: [string, (e: StoredEvent) => boolean, number][] = [
      ['type=key.create', (e) => e.type === 'key.create', 84],
      ['type=key.create,crypto.decrypt', (e) => e.type !== 'key.destroy_scheduled', 167],
      ['type_prefix=key.', (e) => e.type.startsWith('key.'), 167],
      ['actor=user-1', (e) => e.actor.id === 'user-1', 63],
      ['role=crypto_user', (e) => e.actor.roles?.includes('crypto_user') === true, 125],
      ['outcome=failure', (e) => e.outcome === 'failure', 50],
      ['target=key-3', (e) => e.target?.id === 'key-3', 36],
      ['host=kms-1', (e) => e.source?.host === 'kms-1', 125],
      [
        'since=2026-11-28T12:01:00Z&until=2026-11-28T12:02:00Z',
        (e) => e.id >= 'ev-' && Date.parse(e.time) >= Date.parse('2026-11-28T12:01:00Z'),
        60,
      ],
    ];
    for (const [q, pred, count] of checks) {
      const page = native(await get(`${q}&limit=1000`));
      assert.equal(page.length, count, q);
      assert.ok(page.every(pred), q);
    }
  });

  test('rejects a malformed query with BAD_REQUEST', async () => {
    const res = await t.server.app.inject({ url: '/v1/events?limit=0', headers: auth(reader) });
    assert.equal(res.statusCode, 400);
    assert.equal(res.json<{ error: { code: string } }>().error.code, 'BAD_REQUEST');
    const bad = await t.server.app.inject({
      url: '/v1/events?since=yesterday',
      headers: auth(reader),
    });
    assert.equal(bad.json<{ error: { code: string } }>().error.code, 'BAD_REQUEST');
  });
});
