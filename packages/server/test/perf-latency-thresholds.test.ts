// Latency from the audit log and configurable thresholds, through HTTP: Azure Key Vault AuditEvent
// records (Microsoft's published example, and records made from it) sent to the source route become
// kms.<operation>.latency_ms series per vault; a p95 over the limit for 5 minutes raises
// perf.latency_high and an alert, one slow call a minute does not; a security officer's change of
// the limits is a perf.thresholds_changed event and takes effect per host; the configuration file
// sets the starting limits.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import type { StoredEvent } from '@keywatch/protocol';
import { keysService } from '../src/keys/keys-service.ts';
import { resolveLimits } from '../src/perf/perf-limits.ts';
import { newAgentKey, signedHeaders } from './agent-signer.ts';
import { auth, startTestServer, type TestServer } from './test-server.ts';

const MIN = 60_000;
const NOW = Date.now() - (Date.now() % MIN) - 20 * MIN;
const SAMPLE = readFileSync('/work/shared/data/azure-keyvault/msdocs-auditevent.jsonl', 'utf8');

/** The published AuditEvent, made into a KeySign on `vault` at `tsMs` that took `ms`. */
function keySign(vault: string, tsMs: number, ms: number): string {
  const r = JSON.parse(SAMPLE) as Record<string, unknown> & { properties: object };
  return JSON.stringify({
    ...r,
    time: new Date(tsMs).toISOString(),
    operationName: 'KeySign',
    durationMs: String(ms),
    resourceId: `/SUBSCRIPTIONS/361DA5D4/RESOURCEGROUPS/KMS/PROVIDERS/MICROSOFT.KEYVAULT/VAULTS/${vault.toUpperCase()}`,
    properties: { ...r.properties, id: `https://${vault}.vault.azure.net/keys/pay/0123` },
  });
}

/** `perMinute` calls in each of `minutes` minutes from `startMs`, durations from `ms(i)`. */
function calls(
  vault: string,
  startMs: number,
  minutes: number[],
  perMinute: number,
  ms: (i: number) => number,
) {
  return minutes.flatMap((m) =>
    Array.from({ length: perMinute }, (_, i) =>
      keySign(vault, startMs + m * MIN + i * Math.floor(MIN / perMinute), ms(i)),
    ),
  );
}

describe('latency from audit events, configurable thresholds', () => {
  let t: TestServer;
  let ingest: string;
  let reader: string;
  let officer: string;
  const send = async (lines: string[]) => {
    const r = await t.server.app.inject({
      method: 'POST',
      url: '/v1/sources/azure-keyvault/records',
      headers: { ...auth(ingest), 'content-type': 'application/x-ndjson' },
      payload: lines.join('\n') + '\n',
    });
    assert.equal(r.statusCode, 200, r.body);
    await keysService(t.server.context).idle();
  };
  const get = (url: string, token = reader) =>
    t.server.app.inject({ method: 'GET', url, headers: auth(token) });
  const put = (body: unknown, token: string) =>
    t.server.app.inject({
      method: 'PUT',
      url: '/v1/perf/thresholds',
      headers: auth(token),
      payload: body as object,
    });
  const events = async (type: string): Promise<StoredEvent[]> => {
    await keysService(t.server.context).idle();
    await t.server.context.detection.idle();
    return (await get(`/v1/events?type=${type}&limit=100`)).json<{ events: StoredEvent[] }>()
      .events;
  };
  const latencyHigh = async (host: string) =>
    (await events('perf.latency_high')).filter((e) => e.detail?.['host'] === host);

  before(async () => {
    t = await startTestServer();
    ingest = await t.token('ingest', 'collector');
    reader = await t.token('auditor', 'olive');
    officer = await t.token('security_officer', 'sam');
  });
  after(() => t.close());

  test("Microsoft's AuditEvent example: durationMs 78 is a VaultGet latency of its vault", async () => {
    await send([SAMPLE.trim()]);
    const r = (
      await get(
        '/v1/perf/series?host=contosokeyvault&metric=kms.vaultget.latency_ms' +
          '&since=2016-01-05T01:00:00Z&until=2016-01-05T02:00:00Z&resolution=0',
      )
    ).json<{ points: { t: string; max: number; count: number }[] }>();
    assert.deepEqual(r.points, [
      { t: '2016-01-05T01:32:01.269Z', avg: 78, min: 78, max: 78, count: 1 },
    ]);
    const prom = (await get('/v1/perf/metrics')).body;
    assert.match(
      prom,
      /^keywatch_agent_metric\{host="contosokeyvault",metric="kms.vaultget.latency_ms"\} 78$/m,
    );
  });

  test('KeySign p95 above 1000 ms for 5 minutes raises perf.latency_high and an alert', async () => {
    const slow = (i: number) => 1200 + 10 * i; // every call slow
    await send(calls('paykv', NOW, [0, 1, 2, 3], 20, slow));
    assert.deepEqual(await latencyHigh('paykv'), []); // four minutes: not yet
    await send(calls('paykv', NOW, [4], 20, slow));
    const high = await latencyHigh('paykv');
    assert.equal(high.length, 1);
    assert.equal(high[0]!.detail?.['metric'], 'kms.keysign.latency_ms');
    assert.equal(high[0]!.detail?.['limit'], 1000);
    // Nearest-rank p95 of 1200…1390 is the 19th of 20: 1380.
    assert.equal(high[0]!.detail?.['value'], 1380);
    const alerts = (await get('/v1/alerts', t.adminToken)).json<{
      alerts: { rule: { title: string } }[];
    }>().alerts;
    assert.ok(alerts.some((a) => a.rule.title === 'KMS Host Saturated or Slow'));
  });

  test('one slow call a minute is a high max but not a high p95: nothing fires', async () => {
    const tail = (i: number) => (i === 7 ? 5000 : 100);
    await send(calls('tailkv', NOW, [0, 1, 2, 3, 4, 5], 20, tail));
    const minute = (
      await get(
        `/v1/perf/series?host=tailkv&metric=kms.keysign.latency_ms&resolution=60&since=${new Date(NOW).toISOString()}`,
      )
    ).json<{ points: { max: number }[] }>();
    assert.deepEqual(
      minute.points.map((p) => p.max),
      [5000, 5000, 5000, 5000, 5000, 5000],
    );
    assert.deepEqual(await latencyHigh('tailkv'), []);
  });

  test('a security officer sets per-host limits; the change is an event and takes effect', async () => {
    const view = (await get('/v1/perf/thresholds')).json<{ source: { kind: string } }>();
    assert.equal(view.source.kind, 'built-in');
    const body = { hosts: { fastkv: { latencyMs: 50 } } };
    assert.equal((await put(body, reader)).statusCode, 403);
    assert.equal((await put(body, ingest)).statusCode, 403);
    for (const bad of [
      { hosts: { fastkv: { latencyMs: -1 } } },
      { defaults: { latency: 50 } },
      { hosts: { fastkv: { sustainMinutes: 2.5 } } },
      { everything: {} },
    ]) {
      const r = await put(bad, officer);
      assert.equal(r.statusCode, 400, JSON.stringify(bad));
      assert.equal(r.json<{ error: { code: string } }>().error.code, 'BAD_REQUEST');
    }
    assert.deepEqual(await events('perf.thresholds_changed'), []);
    const ok = await put(body, officer);
    assert.equal(ok.statusCode, 200, ok.body);
    const changed = await events('perf.thresholds_changed');
    assert.equal(changed.length, 1);
    assert.equal(changed[0]!.actor.id, 'sam');
    assert.deepEqual(changed[0]!.actor.roles, ['security_officer']);
    assert.deepEqual(changed[0]!.detail?.['thresholds'], body);
    const now = (await get('/v1/perf/thresholds')).json<{
      thresholds: unknown;
      source: { kind: string; by: string };
    }>();
    assert.deepEqual(now.thresholds, body);
    assert.equal(now.source.kind, 'event');
    assert.equal(now.source.by, 'sam');

    // 80 ms for 5 minutes: over fastkv's 50 ms, under everyone else's 1000 ms.
    for (const vault of ['fastkv', 'otherkv'])
      await send(calls(vault, NOW, [0, 1, 2, 3, 4], 10, () => 80));
    const fast = await latencyHigh('fastkv');
    assert.equal(fast.length, 1);
    assert.equal(fast[0]!.detail?.['limit'], 50);
    assert.deepEqual(await latencyHigh('otherkv'), []);
  });

  test("a group's limits apply to its enrolled agents' hosts, not to others", async () => {
    const set = { groups: { hsm: { cpuSaturatedPct: 50, sustainMinutes: 2 } } };
    assert.equal((await put(set, officer)).statusCode, 200);
    const enroll = async (group: string, host: string) => {
      const tok = await t.server.app.inject({
        method: 'POST',
        url: '/v1/agents/enrollment-tokens',
        headers: auth(officer),
        payload: { group },
      });
      const key = newAgentKey();
      const r = await t.server.app.inject({
        method: 'POST',
        url: '/v1/agents/enroll',
        payload: {
          token: tok.json<{ token: string }>().token,
          public_key: key.publicKeyBase64,
          name: host,
          host,
        },
      });
      assert.equal(r.statusCode, 200, r.body);
      return { key, id: r.json<{ agent_id: string }>().agent_id, host };
    };
    for (const a of [await enroll('hsm', 'hsm-1'), await enroll('web', 'web-1')]) {
      const events = [0, 1].map((m) => ({
        time: new Date(NOW + m * MIN).toISOString(),
        type: 'perf.sample',
        outcome: 'success',
        actor: { id: a.id, type: 'agent' },
        source: { kind: 'agent', host: a.host, seq: m + 1 },
        detail: { host: a.host, metrics: { 'cpu.total': 60 } },
      }));
      const body = JSON.stringify({ events });
      const url = '/v1/agents/events';
      const r = await t.server.app.inject({
        method: 'POST',
        url,
        headers: signedHeaders(a.key, a.id, 'POST', url, body),
        payload: body,
      });
      assert.equal(r.statusCode, 200, r.body);
    }
    const sat = await events('perf.cpu_saturated');
    assert.deepEqual(
      sat.map((e) => [e.detail?.['host'], e.detail?.['limit']]),
      [['hsm-1', 50]],
    );
  });
});

describe('thresholds from the configuration file', () => {
  test('server.perf.thresholds sets the starting limits; a bad one stops the server', async () => {
    const t = await startTestServer({
      config: {
        bodyLimit: 32 * 1024 * 1024,
        rateLimit: { max: 5000, windowMs: 1000 },
        perf: { thresholds: { defaults: { cpuSaturatedPct: 80, sustainMinutes: 3 } } },
      },
    });
    try {
      const ingest = await t.token('ingest', 'agents');
      const evs = [0, 1, 2].map((m) => ({
        time: new Date(NOW + m * MIN).toISOString(),
        type: 'perf.sample',
        outcome: 'success',
        actor: { id: 'agent-kms-9', type: 'agent' },
        source: { kind: 'agent', host: 'kms-9' },
        detail: { host: 'kms-9', metrics: { 'cpu.total': 85 } },
      }));
      const r = await t.server.app.inject({
        method: 'POST',
        url: '/v1/events',
        headers: auth(ingest),
        payload: evs,
      });
      assert.equal(r.statusCode, 200);
      await keysService(t.server.context).idle();
      const sat = (
        await t.server.app.inject({
          method: 'GET',
          url: '/v1/events?type=perf.cpu_saturated',
          headers: auth(t.adminToken),
        })
      ).json<{ events: StoredEvent[] }>().events;
      assert.equal(sat.length, 1);
      assert.equal(sat[0]!.detail?.['limit'], 80);
      assert.match(sat[0]!.message ?? '', /for 3 minutes/);
    } finally {
      await t.close();
    }
    await assert.rejects(
      startTestServer({
        config: {
          bodyLimit: 1024,
          rateLimit: { max: 5000, windowMs: 1000 },
          perf: { thresholds: { defaults: { cpuSaturatedPct: 180 } } },
        },
      }),
      /defaults\.cpuSaturatedPct: a number from 1 to 100/,
    );
  });

  test('the most specific limit wins, field by field: host, group, defaults, built in', () => {
    const set = {
      defaults: { latencyMs: 500 },
      groups: { hsm: { latencyMs: 2000, cpuSaturatedPct: 90 } },
      hosts: { 'hsm-1': { cpuSaturatedPct: 99 } },
    };
    assert.deepEqual(resolveLimits(set, 'hsm-1', 'hsm'), {
      cpuSaturatedPct: 99,
      latencyMs: 2000,
      capacityRatio: 0.5,
      sustainMinutes: 5,
    });
    assert.deepEqual(resolveLimits(set, 'web-1', null).latencyMs, 500);
    assert.deepEqual(resolveLimits(set, 'constructor', 'toString').latencyMs, 500);
  });
});
