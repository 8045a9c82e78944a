// Assessment on the server through HTTP: GET /v1/sca/results computes a trend per host and a
// report per policy from logged sca.* events (readers only); software baselines per host group
// are approved by security officers; assessment raises software.drift and software.vulnerable
// (from an offline Debian-format OVAL feed in the data directory) as events in the log.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { auth, startTestServer, type TestServer } from './test-server.ts';
import { FEED_MAX_AGE_DAYS } from '../src/sca/sca-service.ts';

const FEED = new URL('../../agent/test/sca/data/debian-oval-feed.xml', import.meta.url).pathname;

function scan(host: string, scanId: string, minute: number, results: Record<string, string>) {
  const time = new Date(Date.UTC(2026, 10, 29, 6, minute)).toISOString();
  const actor = { id: 'a-1', type: 'agent' };
  const source = { kind: 'native', host };
  const type = (r: string) =>
    r === 'pass' ? 'sca.check_passed' : r === 'fail' ? 'sca.check_failed' : 'sca.check_result';
  const pass = Object.values(results).filter((r) => r === 'pass').length;
  const fail = Object.values(results).filter((r) => r === 'fail').length;
  return [
    ...Object.entries(results).map(([check, result]) => ({
      time,
      type: type(result),
      outcome: result === 'pass' ? 'success' : result === 'fail' ? 'failure' : 'unknown',
      actor,
      source,
      target: { type: 'sca_check', id: `kms-hardening/${check}` },
      detail: { scan: scanId, policy: 'kms-hardening', check, result },
    })),
    {
      time,
      type: 'sca.scan_completed',
      outcome: fail ? 'failure' : 'success',
      actor,
      source,
      detail: {
        scan: scanId,
        policy: 'kms-hardening',
        counts: { pass, fail },
        score: (100 * pass) / (pass + fail),
      },
    },
  ];
}

interface Results {
  trend: { score: number }[];
  policies: {
    hosts: Record<string, { checks: Record<string, string> }>;
    checks: Record<string, Record<string, number>>;
  }[];
  findings: {
    type: string;
    detail: { cves?: string[]; changes?: { package: string; change: string }[] };
  }[];
}

describe('SCA API', () => {
  let t: TestServer;
  let auditor: string;
  let officer: string;
  let ingest: string;
  const post = (token: string, method: 'POST' | 'PUT' | 'GET', url: string, body?: unknown) =>
    t.server.app.inject({
      method,
      url,
      headers: auth(token),
      ...(body !== undefined && { payload: body as object }),
    });

  before(async () => {
    t = await startTestServer();
    auditor = await t.token('auditor');
    officer = await t.token('security_officer');
    ingest = await t.token('ingest');
    const events = [
      ...scan('kms-1', 's1', 1, { 'kms-001': 'fail', 'kms-010': 'pass' }),
      ...scan('kms-1', 's2', 2, { 'kms-001': 'pass', 'kms-010': 'pass' }),
      ...scan('kms-2', 's3', 3, { 'kms-001': 'fail', 'kms-010': 'notchecked' }),
    ];
    const r = await post(ingest, 'POST', '/v1/events', events);
    assert.equal(r.statusCode, 200, r.body);
  });
  after(() => t.close());

  test('a trend per host and a report per policy, for readers only', async () => {
    const r = await post(auditor, 'GET', '/v1/sca/results?host=kms-1');
    assert.equal(r.statusCode, 200, r.body);
    const body = r.json<Results>();
    assert.deepEqual(
      body.trend.map((p) => p.score),
      [50, 100],
    );
    assert.deepEqual(body.policies[0]?.hosts['kms-1']?.checks, {
      'kms-001': 'pass',
      'kms-010': 'pass',
    });
    const all = (await post(auditor, 'GET', '/v1/sca/results')).json<Results>();
    assert.deepEqual(all.policies[0]?.checks['kms-001'], { pass: 1, fail: 1 });
    assert.deepEqual(all.policies[0]?.checks['kms-010'], { pass: 1, notchecked: 1 });
    assert.equal((await post(ingest, 'GET', '/v1/sca/results?host=kms-1')).statusCode, 403);
  });

  test('baseline drift and known-vulnerable versions become events', async () => {
    const baseline = {
      packages: { openssl: '>= 3.0.11', vault: '*', softhsm2: '2.6.1-2' },
      hosts: ['kms-1'],
    };
    assert.equal((await post(auditor, 'PUT', '/v1/sca/baselines/kms', baseline)).statusCode, 403);
    assert.equal((await post(officer, 'PUT', '/v1/sca/baselines/kms', baseline)).statusCode, 200);
    const inventory = {
      time: '2026-11-29T06:05:00Z',
      type: 'software.inventory',
      outcome: 'success',
      actor: { id: 'a-1', type: 'agent' },
      source: { kind: 'native', host: 'kms-1' },
      detail: {
        packages: [
          { name: 'openssl', version: '3.0.9-1', arch: 'amd64', format: 'deb' },
          { name: 'softhsm2', version: '2.6.1-2', arch: 'amd64', format: 'deb' },
        ],
      },
    };
    assert.equal((await post(ingest, 'POST', '/v1/events', [inventory])).statusCode, 200);
    mkdirSync(join(t.dataDir, 'sca'), { recursive: true });
    copyFileSync(FEED, join(t.dataDir, 'sca', 'vulnerability-feed.xml'));
    const a = await post(officer, 'POST', '/v1/sca/software/assess', {});
    assert.equal(a.statusCode, 200, a.body);
    // The fixture feed was made on 2026-11-28T04:00:00.188Z: its age is today's.
    const age = Math.floor((Date.now() - Date.parse('2026-11-28T04:00:00.188Z')) / 86_400_000);
    assert.deepEqual(a.json(), {
      feed: {
        entries: 2,
        skipped: 0,
        generated_at: '2026-11-28T04:00:00.188Z',
        age_days: age,
        stale: age > FEED_MAX_AGE_DAYS,
      },
      hosts: [{ host: 'kms-1', group: 'kms', drift: 2, vulnerable: 1 }],
    });
    const findings = (await post(auditor, 'GET', '/v1/sca/results?host=kms-1')).json<Results>()
      .findings;
    const vuln = findings.find((f) => f.type === 'software.vulnerable');
    assert.deepEqual(vuln?.detail.cves, ['CVE-2023-5678']);
    const drift = findings.find((f) => f.type === 'software.drift');
    assert.deepEqual(drift?.detail.changes?.map((c) => `${c.package}:${c.change}`).sort(), [
      'openssl:version',
      'vault:missing',
    ]);
    const logged = (
      await post(t.adminToken, 'GET', '/v1/events?type=software.baseline_approved')
    ).json<{ events: { actor: { id: string } }[] }>();
    assert.equal(logged.events[0]?.actor.id, 'security_officer-user');
  });
});
