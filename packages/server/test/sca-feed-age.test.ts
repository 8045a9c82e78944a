// The vulnerability feed's age: a feed made more than FEED_MAX_AGE_DAYS ago (or undated) makes
// software assessment record sca.feed_stale — once per feed, however many inventories it checks —
// and the audit administrator gets a kw_vulnerability_feed_stale alert; the assess route reports
// the feed's generation time, age and staleness; a current feed records nothing.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { StoredEvent } from '@keywatch/protocol';
import { FEED_MAX_AGE_DAYS } from '../src/sca/sca-service.ts';
import { runningSoftwareFollower } from '../src/sca/software-follower.ts';
import { parseFeed } from '../src/sca/vulnerability-feed.ts';
import { startTestServer, type TestServer } from './test-server.ts';

const FIXTURE = readFileSync(
  new URL('../../agent/test/sca/data/debian-oval-feed.xml', import.meta.url),
  'utf8',
);
const stamped = (timestamp: string): string =>
  FIXTURE.replace(
    /<oval:timestamp>[^<]*<\/oval:timestamp>/,
    `<oval:timestamp>${timestamp}</oval:timestamp>`,
  );

test('the generator timestamp is read as UTC, with or without a zone; absent or odd: undated', () => {
  assert.equal(parseFeed(FIXTURE).generatedAt, '2026-11-28T04:00:00.188Z');
  assert.equal(parseFeed(stamped('2024-05-01T03:05:49')).generatedAt, '2024-05-01T03:05:49.000Z');
  assert.equal(parseFeed(stamped('yesterday')).generatedAt, undefined);
  assert.equal(parseFeed(FIXTURE.replace(/<oval:timestamp>.*\n/, '')).generatedAt, undefined);
});

describe('software assessment with an old vulnerability feed', () => {
  let t: TestServer;
  let ingest: string;
  let officer: string;
  const inventory = (n: number) => ({
    id: `inv-${n}`,
    time: new Date().toISOString(),
    type: 'software.inventory',
    outcome: 'success',
    actor: { id: 'a-1', type: 'agent' },
    source: { kind: 'native', host: 'kms-1' },
    detail: { packages: [{ name: 'openssl', version: '3.0.9-1', arch: 'amd64', format: 'deb' }] },
  });
  const staleEvents = async (): Promise<StoredEvent[]> => {
    await runningSoftwareFollower(t.server.context)!.idle();
    const r = await t.request('GET', '/v1/events?type=sca.feed_stale&limit=100', t.adminToken);
    assert.equal(r.statusCode, 200, r.body);
    return r.json<{ events: StoredEvent[] }>().events;
  };
  const writeFeed = (text: string) =>
    writeFileSync(join(t.dataDir, 'sca', 'vulnerability-feed.xml'), text);

  before(async () => {
    t = await startTestServer();
    ingest = await t.token('ingest', 'feeder');
    officer = await t.token('security_officer', 'sam');
    mkdirSync(join(t.dataDir, 'sca'), { recursive: true });
  });
  after(() => t.close());

  test('a feed from 2024: one sca.feed_stale for two inventories, an alert, the route says so', async () => {
    writeFeed(stamped('2024-05-01T03:05:49Z'));
    for (const n of [1, 2]) {
      const r = await t.request('POST', '/v1/events', ingest, [inventory(n)]);
      assert.equal(r.statusCode, 200, r.body);
      await runningSoftwareFollower(t.server.context)!.idle();
    }
    const stale = await staleEvents();
    assert.equal(stale.length, 1);
    assert.equal(stale[0]!.severity, 'medium');
    assert.equal(stale[0]!.detail?.['generated_at'], '2024-05-01T03:05:49.000Z');
    assert.ok((stale[0]!.detail?.['age_days'] as number) > 900);
    // The feed was still used: the vulnerable openssl is found.
    const vuln = await t.request('GET', '/v1/events?type=software.vulnerable', t.adminToken);
    assert.equal(vuln.json<{ events: unknown[] }>().events.length, 2);

    const a = await t.request('POST', '/v1/sca/software/assess', officer, {});
    assert.equal(a.statusCode, 200, a.body);
    const feed = a.json<{ feed: Record<string, unknown> }>().feed;
    assert.equal(feed['stale'], true);
    assert.equal(feed['generated_at'], '2024-05-01T03:05:49.000Z');
    assert.equal((await staleEvents()).length, 1, 'the same feed is recorded once');

    await t.server.context.detection.idle();
    // The rule's id: alerts are filtered by it (kw_vulnerability_feed_stale.yml).
    const alerts = await t.request(
      'GET',
      '/v1/alerts?rule=5d0f3f5e-7a8c-4f5e-9f61-0c6a2b8e4d17',
      t.adminToken,
    );
    assert.equal(alerts.statusCode, 200, alerts.body);
    const list = alerts.json<{ alerts: { rule: { title: string }; severity: string }[] }>().alerts;
    assert.equal(list.length, 1);
    assert.equal(list[0]!.rule.title, 'Vulnerability Feed Too Old to Trust');
    assert.equal(list[0]!.severity, 'medium');
  });

  test('an undated feed is stale too; a current one records nothing', async () => {
    writeFeed(FIXTURE.replace(/<oval:timestamp>.*\n/, ''));
    const undated = await t.request('POST', '/v1/sca/software/assess', officer, {});
    assert.deepEqual(
      { ...undated.json<{ feed: Record<string, unknown> }>().feed },
      { entries: 2, skipped: 0, generated_at: null, age_days: null, stale: true },
    );
    assert.equal((await staleEvents()).length, 2);
    const now = new Date(Date.now() - 3_600_000).toISOString();
    writeFeed(stamped(now));
    const fresh = await t.request('POST', '/v1/sca/software/assess', officer, {});
    assert.deepEqual(fresh.json<{ feed: Record<string, unknown> }>().feed, {
      entries: 2,
      skipped: 0,
      generated_at: now,
      age_days: 0,
      stale: false,
    });
    assert.ok(FEED_MAX_AGE_DAYS >= 1);
    assert.equal((await staleEvents()).length, 2, 'a current feed adds nothing');
  });
});
