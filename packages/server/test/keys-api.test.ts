// Keys in production through HTTP: the inventory (import JSON/CSV, PUT, fed by lifecycle events;
// officers write, readers read, ingest tokens neither), the gate's POST /v1/keys/checks (a
// substituted key is a critical key.deployment_mismatch that becomes an alert; two moduli sharing
// a prime across hosts are caught), and an agent's key.observed event compared the same way.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { generatePrimeSync } from 'node:crypto';
import type { StoredEvent } from '@keywatch/protocol';
import { keysService } from '../src/keys/keys-service.ts';
import { auth, startTestServer, type TestServer } from './test-server.ts';

const FP_A = `sha256:${'a1'.repeat(32)}`;
const FP_B = `sha256:${'b2'.repeat(32)}`;

const report = (label: string, fingerprint: string, extra: Record<string, unknown> = {}) => ({
  label,
  kind: 'certificate',
  algorithm: 'rsa',
  bits: 2048,
  fingerprint,
  verdict: 'pass',
  findings: [{ check: 'pair', status: 'pass', reason: 'ok' }],
  ...extra,
});

describe('keys API', () => {
  let t: TestServer;
  let officer: string;
  let auditor: string;
  let ingest: string;
  const req = (
    method: 'GET' | 'POST' | 'PUT',
    url: string,
    token: string,
    payload?: unknown,
    type?: string,
  ) =>
    t.server.app.inject({
      method,
      url,
      headers: { ...auth(token), ...(type && { 'content-type': type }) },
      ...(payload !== undefined && { payload: payload as string }),
    });
  const events = async (type: string): Promise<StoredEvent[]> => {
    await keysService(t.server.context).idle();
    await t.server.context.detection.idle();
    const r = await req('GET', `/v1/events?type=${type}&limit=100`, t.adminToken);
    return r.json<{ events: StoredEvent[] }>().events;
  };

  before(async () => {
    t = await startTestServer();
    officer = await t.token('security_officer', 'sam');
    auditor = await t.token('auditor', 'dora');
    ingest = await t.token('ingest', 'ci-pipeline');
  });
  after(() => t.close());

  test('import CSV and JSON, PUT; readers read; the auditor and ingest tokens cannot write', async () => {
    const csv = `id,algorithm,size,usage,state,fingerprint,locations\npay-tls,rsa,2048,tls,active,${FP_A},kms-1:/etc/kms/tls.pem\n`;
    const imp = await req('POST', '/v1/keys/import', officer, csv, 'text/csv');
    assert.equal(imp.statusCode, 200, imp.body);
    assert.deepEqual(imp.json(), { written: 1 });
    const json = await req(
      'POST',
      '/v1/keys/import',
      officer,
      JSON.stringify([{ id: 'mac-1', algorithm: 'aes', size: 256, kcv: 'ff9558' }]),
      'application/json',
    );
    assert.equal(json.statusCode, 200, json.body);
    const put = await req(
      'PUT',
      '/v1/keys',
      officer,
      JSON.stringify({
        keys: [{ id: 'old-1', algorithm: 'rsa', state: 'compromised', fingerprint: FP_B }],
      }),
      'application/json',
    );
    assert.equal(put.statusCode, 200, put.body);
    const bad = await req(
      'PUT',
      '/v1/keys',
      officer,
      JSON.stringify({ keys: [{ id: 'x', algorithm: 'rsa', state: 'lost' }] }),
      'application/json',
    );
    assert.equal(bad.statusCode, 400);
    const list = (await req('GET', '/v1/keys', auditor)).json<{
      keys: { id: string; kcv?: string; source: string }[];
    }>().keys;
    assert.deepEqual(
      list.map((k) => [k.id, k.source]),
      [
        ['mac-1', 'import'],
        ['old-1', 'api'],
        ['pay-tls', 'import'],
      ],
    );
    assert.equal(list[0]!.kcv, 'FF9558');
    assert.equal((await req('PUT', '/v1/keys', auditor, '[]', 'application/json')).statusCode, 403);
    assert.equal((await req('GET', '/v1/keys', ingest)).statusCode, 403);
    assert.equal((await events('key.inventory_change')).length, 3);
  });

  test('lifecycle events feed the inventory: key.create, then key.destroy', async () => {
    const ev = (type: string, detail: Record<string, unknown> = {}) => ({
      time: new Date().toISOString(),
      type,
      outcome: 'success',
      actor: { id: 'alice', roles: ['key_admin'] },
      target: { type: 'key', id: 'vault-transit-1', name: 'transit' },
      detail,
    });
    await req(
      'POST',
      '/v1/events',
      ingest,
      JSON.stringify([
        ev('key.create', {
          algorithm: 'ec',
          size: 256,
          fingerprint: FP_B.toUpperCase().replace('SHA256', 'sha256'),
          usage: 'sign',
        }),
      ]),
      'application/json',
    );
    await keysService(t.server.context).idle();
    let k = (await req('GET', '/v1/keys', auditor))
      .json<{ keys: Record<string, unknown>[] }>()
      .keys.find((x) => x['id'] === 'vault-transit-1');
    assert.equal(k?.['state'], 'active');
    assert.equal(k?.['fingerprint'], FP_B);
    assert.equal(k?.['source'], 'event');
    await req(
      'POST',
      '/v1/events',
      ingest,
      JSON.stringify([ev('key.destroy')]),
      'application/json',
    );
    await keysService(t.server.context).idle();
    k = (await req('GET', '/v1/keys', auditor))
      .json<{ keys: Record<string, unknown>[] }>()
      .keys.find((x) => x['id'] === 'vault-transit-1');
    assert.equal(k?.['state'], 'destroyed');
  });

  test('the gate: a substituted key is a critical deployment mismatch and an alert; the right key passes', async () => {
    const ok = await req(
      'POST',
      '/v1/keys/checks',
      ingest,
      JSON.stringify({ host: 'kms-1', reports: [report('/etc/kms/tls.pem', FP_A)] }),
      'application/json',
    );
    assert.equal(ok.statusCode, 200, ok.body);
    assert.deepEqual(
      ok.json<{ results: { findings: { status: string; reason: string }[] }[] }>().results[0]!
        .findings,
      [{ check: 'inventory', status: 'pass', reason: 'matches pay-tls' }],
    );
    const bad = await req(
      'POST',
      '/v1/keys/checks',
      ingest,
      JSON.stringify({ host: 'kms-1', reports: [report('/etc/kms/tls.pem', FP_B)] }),
      'application/json',
    );
    const f = bad.json<{ results: { findings: { status: string; reason: string }[] }[] }>()
      .results[0]!.findings[0]!;
    assert.equal(f.status, 'fail');
    assert.match(f.reason, /deployment mismatch: pay-tls expects sha256:a1a1/);
    const mism = await events('key.deployment_mismatch');
    assert.equal(mism.length, 1);
    assert.equal(mism[0]!.severity, 'critical');
    assert.equal(mism[0]!.detail?.['found_fingerprint'], FP_B);
    const alerts = (await req('GET', '/v1/alerts?severity=critical', t.adminToken)).json<{
      alerts: { rule: { title: string } }[];
    }>().alerts;
    assert.ok(alerts.some((a) => a.rule.title === 'Deployed Key Differs From the Inventory'));
    const obs = (await req('GET', '/v1/keys/observations?host=kms-1', auditor)).json<{
      observations: { verdict: string }[];
    }>();
    assert.equal(obs.observations[0]!.verdict, 'fail');
  });

  test("the inventory's cryptoperiod applies to a matching key: past its end date fails", async () => {
    const fp = `sha256:${'f6'.repeat(32)}`;
    await req(
      'PUT',
      '/v1/keys',
      officer,
      JSON.stringify({
        keys: [
          {
            id: 'exp-1',
            algorithm: 'rsa',
            size: 2048,
            fingerprint: fp,
            expiry: '2025-06-30T00:00:00Z',
          },
        ],
      }),
      'application/json',
    );
    const r = await req(
      'POST',
      '/v1/keys/checks',
      ingest,
      JSON.stringify({ host: 'kms-4', reports: [report('/x.pem', fp)] }),
      'application/json',
    );
    assert.deepEqual(r.json<{ results: { findings: unknown[] }[] }>().results[0]!.findings, [
      { check: 'inventory', status: 'pass', reason: 'matches exp-1' },
      { check: 'cryptoperiod', status: 'fail', reason: 'past its cryptoperiod end 2025-06-30' },
    ]);
  });

  test('batch GCD across hosts: a modulus sharing a prime with one seen elsewhere fails', async () => {
    const [p, q, r] = [0, 1, 2].map(() => generatePrimeSync(512, { bigint: true }));
    const one = await req(
      'POST',
      '/v1/keys/checks',
      ingest,
      JSON.stringify({
        host: 'kms-2',
        reports: [
          report('/a.pem', `sha256:${'c3'.repeat(32)}`, { modulus: (p! * q!).toString(16) }),
        ],
      }),
      'application/json',
    );
    assert.ok(!JSON.stringify(one.json()).includes('shared_prime'));
    const two = await req(
      'POST',
      '/v1/keys/checks',
      ingest,
      JSON.stringify({
        host: 'kms-3',
        reports: [
          report('/b.pem', `sha256:${'d4'.repeat(32)}`, { modulus: (p! * r!).toString(16) }),
        ],
      }),
      'application/json',
    );
    assert.match(JSON.stringify(two.json()), /"check":"shared_prime","status":"fail"/);
  });

  test("an agent's key.observed event is compared with the inventory too", async () => {
    const observed = {
      time: new Date().toISOString(),
      type: 'key.observed',
      outcome: 'success',
      actor: { id: 'a-7', type: 'agent' },
      source: { kind: 'agent', host: 'kms-1', agent: 'a-7' },
      detail: { host: 'kms-1', reports: [report('/etc/kms/tls.pem', `sha256:${'e5'.repeat(32)}`)] },
    };
    await req('POST', '/v1/events', ingest, JSON.stringify([observed]), 'application/json');
    const mism = await events('key.deployment_mismatch');
    assert.equal(mism.length, 2);
    assert.equal(mism[0]!.detail?.['found_fingerprint'], `sha256:${'e5'.repeat(32)}`);
  });
});
