import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { IngestResponse } from '@keywatch/protocol';
import { auth, event, startTestServer, type TestServer } from './test-server.ts';

describe('POST /v1/events', () => {
  let t: TestServer;
  let ingest: string;
  before(async () => {
    t = await startTestServer();
    ingest = await t.token('ingest', 'app-1');
  });
  after(() => t.close());

  const post = (payload: string, contentType = 'application/json', token = ingest) =>
    t.server.app.inject({
      method: 'POST',
      url: '/v1/events',
      headers: { ...auth(token), 'content-type': contentType },
      payload,
    });

  test('accepts a JSON array and answers with an index per event', async () => {
    const res = await post(JSON.stringify([event(1), event(2)]));
    assert.equal(res.statusCode, 200);
    const body = res.json<IngestResponse>();
    assert.equal(body.accepted, 2);
    assert.deepEqual(
      body.results.map((r) => r.status),
      ['accepted', 'accepted'],
    );
    const [a, b] = body.results as unknown as [{ index: number }, { index: number }];
    assert.equal(b.index, a.index + 1);
    assert.ok(
      body.checkpoint_size > b.index,
      'the signed checkpoint covers the acknowledged events',
    );
  });

  test('gives an event sent without an id a UUIDv7: time-ordered, so later ids sort after earlier ones', async () => {
    const bare = (i: number) => {
      const e = event(i);
      delete e['id'];
      return e;
    };
    const first = (await post(JSON.stringify([bare(1)]))).json<IngestResponse>();
    await new Promise((r) => setTimeout(r, 5)); // another millisecond
    const second = (await post(JSON.stringify([bare(2)]))).json<IngestResponse>();
    const idOf = (b: IngestResponse) => (b.results[0] as { id: string }).id;
    const v7 = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
    assert.match(idOf(first), v7);
    assert.match(idOf(second), v7);
    assert.ok(idOf(first) < idOf(second), `${idOf(first)} sorts before ${idOf(second)}`);
    const ms = parseInt(idOf(second).replace('-', '').slice(0, 12), 16);
    assert.ok(Math.abs(ms - Date.now()) < 60_000, 'the first 48 bits are the time in ms');
  });

  test('accepts {"events":[…]} and NDJSON, and answers duplicates with the first index', async () => {
    const first = (await post(JSON.stringify({ events: [event(10)] }))).json<IngestResponse>();
    const nd = [JSON.stringify(event(10)), JSON.stringify(event(11)), '', '{not json'].join('\n');
    const res = await post(nd, 'application/x-ndjson');
    assert.equal(res.statusCode, 200);
    const body = res.json<IngestResponse>();
    assert.deepEqual(body.results[0], {
      status: 'duplicate',
      id: 'ev-10',
      index: (first.results[0] as { index: number }).index,
    });
    assert.equal(body.results[1]!.status, 'accepted');
    assert.equal(body.results[2]!.status, 'quarantined');
    assert.match(JSON.stringify(body.results[2]), /line 4 is not valid JSON/);
  });

  test('quarantines an invalid event with the field and the reason, keeps the rest', async () => {
    const bad = { ...event(20), outcome: 'maybe' };
    const noActor = { ...event(21), actor: {} };
    const res = await post(JSON.stringify([bad, event(22), noActor]));
    const body = res.json<IngestResponse>();
    assert.equal(body.accepted, 1);
    assert.equal(body.quarantined, 2);
    const q = body.results[0] as { status: string; problem: { field: string } };
    assert.equal(q.status, 'quarantined');
    assert.equal(q.problem.field, 'outcome');
    assert.equal((body.results[2] as { problem: { field: string } }).problem.field, 'actor');
    const list = await t.server.app.inject({ url: '/v1/quarantine', headers: auth(t.adminToken) });
    const items = list.json<{ items: { raw: string; problem: { field: string } }[] }>().items;
    assert.ok(items.some((i) => i.raw.includes('"maybe"') && i.problem.field === 'outcome'));
    const notices = await t.server.app.inject({
      url: '/v1/events?type=ingest.quarantined',
      headers: auth(t.adminToken),
    });
    assert.ok(
      notices.json<{ events: unknown[] }>().events.length >= 1,
      'the quarantine is itself an event',
    );
  });

  test('quarantines JSON that no RFC 8785 leaf can hold, and fails nothing else', async () => {
    // A lone surrogate and a number that JSON.parse makes infinite pass the schema; each once
    // failed the whole group commit (every request in it got LOG_UNAVAILABLE).
    const lone = JSON.stringify(event(23, { message: 'x' })).replace('"x"', '"bad \\ud800 x"');
    const huge = JSON.stringify(event(24, { detail: { n: 1 } })).replace('"n":1', '"n":1e400');
    const [mixed, other] = await Promise.all([
      post([lone, JSON.stringify(event(25)), huge].join('\n'), 'application/x-ndjson'),
      post(JSON.stringify([event(26)])),
    ]);
    assert.equal(mixed.statusCode, 200, mixed.body);
    const body = mixed.json<IngestResponse>();
    assert.deepEqual(
      body.results.map((r) => r.status),
      ['quarantined', 'accepted', 'quarantined'],
    );
    for (const r of [body.results[0], body.results[2]] as { problem: { reason: string } }[])
      assert.match(r.problem.reason, /RFC 8785/);
    assert.equal(other.statusCode, 200, other.body);
    const list = await t.server.app.inject({ url: '/v1/quarantine', headers: auth(t.adminToken) });
    const raws = list.json<{ items: { raw: string }[] }>().items.map((i) => i.raw);
    assert.ok(raws.includes(lone) && raws.includes(huge), 'both kept in quarantine as sent');
  });

  test('keeps unknown top-level fields under detail', async () => {
    const res = await post(JSON.stringify([{ ...event(30), vendor_field: 'x' }]));
    const index = (res.json<IngestResponse>().results[0] as { index: number }).index;
    const leaf = await t.server.app.inject({
      url: `/v1/log/entries/${index}`,
      headers: auth(t.adminToken),
    });
    assert.equal(leaf.json<{ detail: { vendor_field: string } }>().detail.vendor_field, 'x');
  });

  test('keeps a "__proto__" member, at the top level and nested, as a member', async () => {
    // An assignment of "__proto__" sets an object's prototype: a member so named was silently
    // dropped from the leaf until 2026-11-30.
    const e = JSON.stringify({ ...event(31), detail: { z: 1, a: 2 } }).slice(0, -2);
    const body = `[${e},"__proto__":{"x":3}},"__proto__":"top"}]`;
    const res = await post(body);
    assert.equal(res.statusCode, 200, res.body);
    const index = (res.json<IngestResponse>().results[0] as { index: number }).index;
    const leaf = await t.server.app.inject({
      url: `/v1/log/entries/${index}`,
      headers: auth(t.adminToken),
    });
    const detail = leaf.json<{ detail: Record<string, unknown> }>().detail;
    assert.deepEqual(Object.keys(detail), ['__proto__', '_top.__proto__', 'a', 'z']);
    assert.deepEqual(Object.getOwnPropertyDescriptor(detail, '__proto__')?.value, { x: 3 });
    assert.equal(detail['_top.__proto__'], 'top');
  });

  test('refuses a body that is not JSON, and quarantines it', async () => {
    const res = await post('[{"time":');
    assert.equal(res.statusCode, 400);
    assert.equal(res.json<{ error: { code: string } }>().error.code, 'BAD_JSON');
    assert.match(res.body, /quarantined as \d+/);
  });

  test('authenticates and checks roles; refusals are recorded', async () => {
    const none = await t.server.app.inject({ method: 'POST', url: '/v1/events', payload: '[]' });
    assert.equal(none.statusCode, 401);
    assert.equal(none.json<{ error: { code: string } }>().error.code, 'UNAUTHENTICATED');
    const forged = await post('[]', 'application/json', 'kw_0123456789abcdef_' + 'A'.repeat(43));
    assert.equal(forged.statusCode, 401);
    const auditor = await t.token('auditor');
    const denied = await post('[]', 'application/json', auditor);
    assert.equal(denied.statusCode, 403);
    assert.equal(denied.json<{ error: { code: string } }>().error.code, 'FORBIDDEN');
    const readByIngest = await t.server.app.inject({ url: '/v1/events', headers: auth(ingest) });
    assert.equal(readByIngest.statusCode, 403, 'agents and applications read nothing');
    const log = await t.server.app.inject({
      url: '/v1/events?type=api.access_denied',
      headers: auth(t.adminToken),
    });
    const events = log.json<{ events: { actor: { id: string } }[] }>().events;
    assert.ok(events.length >= 4);
    assert.ok(events.some((e) => e.actor.id === 'anonymous'));
    assert.ok(events.some((e) => e.actor.id === 'app-1'));
  });

  test('records every request made by a person: who read what', async () => {
    const auditor = await t.token('auditor', 'alice');
    await t.server.app.inject({ url: '/v1/log/checkpoint', headers: auth(auditor) });
    const res = await t.server.app.inject({
      url: '/v1/events?type=api.read&actor=alice',
      headers: auth(t.adminToken),
    });
    const reads = res.json<{ events: { target: { id: string }; actor: { roles: string[] } }[] }>()
      .events;
    assert.ok(
      reads.some((e) => e.target.id === '/v1/log/checkpoint' && e.actor.roles[0] === 'auditor'),
    );
  });

  test('rejects too many events in one request', async () => {
    const many = Array.from({ length: 10_001 }, (_, i) => event(100_000 + i));
    const res = await post(JSON.stringify(many));
    assert.equal(res.statusCode, 413);
    assert.equal(res.json<{ error: { code: string } }>().error.code, 'TOO_MANY_EVENTS');
  });

  test('/healthz is public and /metrics needs a token', async () => {
    assert.equal((await t.server.app.inject({ url: '/healthz' })).statusCode, 200);
    assert.equal((await t.server.app.inject({ url: '/metrics' })).statusCode, 401);
    const m = await t.server.app.inject({ url: '/metrics', headers: auth(t.adminToken) });
    assert.equal(m.statusCode, 200);
    assert.match(m.body, /keywatch_ingest_events_total\{result="accepted"\} \d+/);
    assert.match(m.body, /keywatch_log_size \d+/);
  });
});
