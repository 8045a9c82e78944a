// GET /v1/events?text=: free text over the leaves, combined with the indexed filters, paged with
// `next`; a search that scans its bound without filling the page still hands out a cursor.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { StoredEvent } from '@keywatch/protocol';
import { searchText } from '../src/services/text-search.ts';
import { auth, event, startTestServer, type TestServer } from './test-server.ts';

type Page = { events: StoredEvent[]; next: string | null };

describe('free text in GET /v1/events', () => {
  let t: TestServer;
  let reader: string;
  before(async () => {
    t = await startTestServer();
    reader = await t.token('auditor');
    const ingest = await t.token('ingest');
    const events = Array.from({ length: 120 }, (_, i) =>
      event(i, i % 10 === 3 ? { message: `Rotation by Change-Ticket CHG-${i}` } : {}),
    );
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

  test('matches case-insensitively, with other filters, paging through every match once', async () => {
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: Page = await get(
        `text=change-ticket&limit=5${cursor ? `&cursor=${cursor}` : ''}`,
      );
      seen.push(...page.events.map((e) => e.id));
      cursor = page.next;
    } while (cursor);
    const expected = Array.from({ length: 12 }, (_, k) => `ev-${113 - k * 10}`);
    assert.deepEqual(seen, expected);
    const both = await get('text=CHG-&host=kms-1&limit=100');
    assert.deepEqual(
      both.events.map((e) => e.id),
      expected.filter((id) => Number(id.slice(3)) % 2 === 1),
    );
    assert.equal(both.next, null);
    assert.deepEqual((await get('text=nowhere-to-be-found')).events, []);
  });

  test('a bounded scan returns what it found and a cursor to continue', async () => {
    const store = t.server.context.store;
    const first = await searchText(store, { sourceKind: 'native' }, 'chg-', 100, 25);
    assert.deepEqual(
      first.rows.map((r) => r.index),
      [114, 104],
      'only ev-113 and ev-103 are among the 25 newest events (ev-119 … ev-95)',
    );
    assert.ok(first.next !== null);
    const rest = await searchText(
      store,
      { sourceKind: 'native', beforeIndex: Number(first.next) },
      'chg-',
      100,
    );
    assert.equal(rest.rows.length, 10);
    assert.equal(rest.next, null);
  });
});
