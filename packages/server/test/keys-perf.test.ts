// Performance series through HTTP: agents' perf.sample events become time series (GET
// /v1/perf/series picks the rollup from the span), five saturated minutes raise perf.cpu_saturated
// and an alert while a busy-but-not-saturated host raises nothing, a benchmark at half of the same
// hour last week raises perf.capacity_drop, and GET /v1/perf/metrics is a Prometheus exposition.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { StoredEvent } from '@keywatch/protocol';
import { keysService } from '../src/keys/keys-service.ts';
import { auth, startTestServer, type TestServer } from './test-server.ts';

const MIN = 60_000;
const NOW = Date.now() - (Date.now() % MIN) - 10 * MIN;

const sample = (host: string, tsMs: number, metrics: Record<string, number>) => ({
  time: new Date(tsMs).toISOString(),
  type: 'perf.sample',
  outcome: 'success',
  actor: { id: `agent-${host}`, type: 'agent' },
  source: { kind: 'agent', host },
  detail: { host, metrics },
});

describe('perf API', () => {
  let t: TestServer;
  let ingest: string;
  let reader: string;
  const post = (events: unknown[]) =>
    t.server.app.inject({
      method: 'POST',
      url: '/v1/events',
      headers: auth(ingest),
      payload: events as object[],
    });
  const get = (url: string) => t.server.app.inject({ method: 'GET', url, headers: auth(reader) });
  const events = async (type: string): Promise<StoredEvent[]> => {
    await keysService(t.server.context).idle();
    await t.server.context.detection.idle();
    return (await get(`/v1/events?type=${type}&limit=100`)).json<{ events: StoredEvent[] }>()
      .events;
  };

  before(async () => {
    t = await startTestServer();
    ingest = await t.token('ingest', 'agents');
    reader = await t.token('auditor', 'olive');
  });
  after(() => t.close());

  test('samples become series at raw and 1-minute resolution', async () => {
    const evs = [0, 1, 2, 3, 4, 5].flatMap((m) =>
      [0, 20, 40].map((s) =>
        sample('kms-1', NOW + m * MIN + s * 1000, { 'cpu.total': 40 + m, 'mem.used_pct': 30 }),
      ),
    );
    assert.equal((await post(evs)).statusCode, 200);
    await keysService(t.server.context).idle();
    const since = new Date(NOW).toISOString();
    const raw = (await get(`/v1/perf/series?host=kms-1&metric=cpu.total&since=${since}`)).json<{
      resolution: number;
      points: unknown[];
    }>();
    assert.equal(raw.resolution, 0);
    assert.equal(raw.points.length, 18);
    const day = new Date(NOW - 23 * 60 * MIN).toISOString();
    const minute = (await get(`/v1/perf/series?host=kms-1&metric=cpu.total&since=${day}`)).json<{
      resolution: number;
      points: { avg: number; count: number }[];
    }>();
    assert.equal(minute.resolution, 60);
    assert.deepEqual(
      minute.points.map((p) => [p.avg, p.count]),
      [0, 1, 2, 3, 4, 5].map((m) => [40 + m, 3]),
    );
    assert.equal((await get('/v1/perf/series?host=kms-1')).statusCode, 400);
    assert.deepEqual(await events('perf.cpu_saturated'), []);
  });

  test('five saturated minutes raise perf.cpu_saturated and an alert', async () => {
    const evs = [0, 1, 2, 3, 4].flatMap((m) =>
      [5, 35].map((s) => sample('kms-2', NOW + m * MIN + s * 1000, { 'cpu.total': 99 })),
    );
    await post(evs.slice(0, 8)); // four minutes: not yet
    assert.deepEqual(await events('perf.cpu_saturated'), []);
    await post(evs.slice(8));
    const sat = await events('perf.cpu_saturated');
    assert.equal(sat.length, 1);
    assert.equal(sat[0]!.target?.id, 'kms-2');
    const alerts = (
      await t.server.app.inject({ method: 'GET', url: '/v1/alerts', headers: auth(t.adminToken) })
    ).json<{ alerts: { rule: { title: string } }[] }>().alerts;
    assert.ok(alerts.some((a) => a.rule.title === 'KMS Host Saturated or Slow'));
  });

  test('crypto capacity at half of the same hour last week raises perf.capacity_drop', async () => {
    const WEEK = 7 * 24 * 60 * MIN;
    await post([sample('kms-3', NOW - WEEK, { 'crypto.rsa2048_sign.ops_per_s': 1000 })]);
    await post([sample('kms-3', NOW, { 'crypto.rsa2048_sign.ops_per_s': 900 })]);
    assert.deepEqual(await events('perf.capacity_drop'), []);
    await post([sample('kms-3', NOW + MIN, { 'crypto.rsa2048_sign.ops_per_s': 400 })]);
    const drop = await events('perf.capacity_drop');
    assert.equal(drop.length, 1);
    assert.equal(drop[0]!.detail?.['metric'], 'crypto.rsa2048_sign.ops_per_s');
  });

  test('GET /v1/perf/metrics: Prometheus text of the latest values', async () => {
    const r = await get('/v1/perf/metrics');
    assert.match(r.headers['content-type'] as string, /^text\/plain; version=0\.0\.4/);
    assert.match(r.body, /^# TYPE keywatch_agent_metric gauge$/m);
    assert.match(r.body, /^keywatch_agent_metric\{host="kms-2",metric="cpu.total"\} 99$/m);
  });
});
