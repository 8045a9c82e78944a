// GET /v1/stream announces committed events and alert changes as server-sent events; POST
// /v1/log/verify re-verifies the stored log and records the outcome (and names a tampered entry);
// the web bundle is served under / with an SPA fallback while /v1/* stays JSON.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { auth, event, startTestServer, type TestServer } from './test-server.ts';

describe('stream, verification and the web bundle', () => {
  let t: TestServer;
  let base: string;
  let ingest: string;
  const webDir = mkdtempSync(join(tmpdir(), 'kw-web-'));

  before(async () => {
    mkdirSync(join(webDir, 'assets'));
    writeFileSync(join(webDir, 'index.html'), '<!doctype html><title>keywatch</title>');
    writeFileSync(join(webDir, 'assets', 'app-1.js'), 'console.log(1)');
    t = await startTestServer({ config: { webDir } });
    base = await t.server.app.listen({ port: 0, host: '127.0.0.1' });
    ingest = await t.token('ingest');
  });
  after(async () => {
    await t.close();
    rmSync(webDir, { recursive: true, force: true });
  });

  const post = (path: string, token: string, body: unknown) =>
    fetch(base + path, {
      method: 'POST',
      headers: { ...auth(token), 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });

  test('the stream announces new events and the alert a shipped rule opens', async () => {
    const reader = await t.token('auditor');
    const abort = new AbortController();
    const res = await fetch(base + '/v1/stream', { headers: auth(reader), signal: abort.signal });
    assert.equal(res.headers.get('content-type'), 'text/event-stream; charset=utf-8');
    const body = res.body!.getReader();
    let text = '';
    const until = async (re: RegExp) => {
      while (!re.test(text)) {
        const chunk = await body.read();
        if (chunk.done) throw new Error(`stream ended before ${re}: ${text}`);
        text += Buffer.from(chunk.value).toString();
      }
    };
    await until(/event: hello/);
    const r = await post('/v1/events', ingest, [
      event(1, { id: 'live-1', type: 'key.destroy_scheduled', time: new Date().toISOString() }),
    ]);
    assert.equal(r.status, 200);
    await until(/"type":"key.destroy_scheduled"/);
    await until(/event: alert\ndata: \{[^\n]*"change":"opened"/);
    abort.abort();
  });

  test('verify: the stored log verifies; a tampered leaf is named; both are logged', async () => {
    const admin = t.adminToken;
    await post('/v1/events', ingest, [event(2), event(3), event(4)]);
    const ok = (await (await post('/v1/log/verify', admin, {})).json()) as {
      ok: boolean;
      size: number;
    };
    assert.equal(ok.ok, true);
    assert.ok(ok.size > 4);
    const db = new Database(join(t.dataDir, 'keywatch.db'));
    const row = db.prepare('select idx, leaf from events where id = ?').get('ev-3') as {
      idx: number;
      leaf: Buffer;
    };
    const forged = Buffer.from(row.leaf.toString().replace('"success"', '"failure"'));
    db.prepare('update events set leaf = ? where idx = ?').run(forged, row.idx);
    db.close();
    const bad = (await (await post('/v1/log/verify', admin, {})).json()) as {
      ok: boolean;
      code: string;
      index?: number;
    };
    assert.equal(bad.ok, false);
    assert.equal(bad.code, 'ROOT_MISMATCH');
    const last = (await (
      await fetch(base + '/v1/log/verification', { headers: auth(admin) })
    ).json()) as { last: { ok: boolean } };
    assert.equal(last.last.ok, false);
    const logged = (await (
      await fetch(base + '/v1/events?type=log.verified,log.verify_failed', { headers: auth(admin) })
    ).json()) as { events: { type: string }[] };
    assert.deepEqual(
      logged.events.map((e) => e.type),
      ['log.verify_failed', 'log.verified'],
    );
  });

  test('the bundle is served under / with an SPA fallback; /v1 stays the API', async () => {
    const home = await fetch(base + '/');
    assert.equal(home.status, 200);
    assert.match(home.headers.get('content-security-policy') ?? '', /default-src 'self'/);
    assert.match(await home.text(), /<title>keywatch/);
    assert.match(await (await fetch(base + '/events')).text(), /<title>keywatch/);
    assert.match(await (await fetch(base + '/alerts/a-1')).text(), /<title>keywatch/);
    const asset = await fetch(base + '/assets/app-1.js');
    assert.equal(asset.status, 200);
    assert.match(asset.headers.get('cache-control') ?? '', /immutable/);
    const api = await fetch(base + '/v1/nothing/here');
    assert.equal(api.status, 404);
    assert.equal(((await api.json()) as { error: { code: string } }).error.code, 'NOT_FOUND');
    assert.equal((await fetch(base + '/v1/events')).status, 401, 'the API still needs a token');
  });
});
