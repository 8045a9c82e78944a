// GET /v1/perf/metrics passes Debian's `promtool check metrics` (prometheus package), with label
// values that need escaping (a quote, a backslash, a newline in a host name) and series from
// both agents' samples and audit-event durations.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { keysService } from '../src/keys/keys-service.ts';
import { auth, startTestServer, type TestServer } from './test-server.ts';

let t: TestServer;
before(async () => {
  t = await startTestServer();
});
after(() => t.close());

const sample = (host: string, metrics: Record<string, number>) => ({
  time: new Date().toISOString(),
  type: 'perf.sample',
  outcome: 'success',
  actor: { id: 'agent', type: 'agent' },
  source: { kind: 'agent', host: 'kms-1' },
  detail: { host, metrics },
});

test('the exposition is valid under promtool check metrics', async () => {
  const ingest = await t.token('ingest', 'agents');
  const events = [
    sample('kms-1', { 'cpu.total': 12.5, 'mem.available_bytes': 8_589_934_592, 'probe.up': 1 }),
    sample('odd"host\\name\nx', { 'disk./var/lib/vault.used_pct': 41, 'load.1': 1e-7 }),
  ];
  const r = await t.server.app.inject({
    method: 'POST',
    url: '/v1/events',
    headers: auth(ingest),
    payload: events,
  });
  assert.equal(r.statusCode, 200, r.body);
  // Microsoft's published Key Vault AuditEvent: a VaultGet that took 78 ms.
  const azure = await t.server.app.inject({
    method: 'POST',
    url: '/v1/sources/azure-keyvault/records',
    headers: auth(ingest),
    payload: readFileSync('/work/shared/data/azure-keyvault/msdocs-auditevent.jsonl'),
  });
  assert.equal(azure.statusCode, 200, azure.body);
  await keysService(t.server.context).idle();
  const text = (
    await t.server.app.inject({
      method: 'GET',
      url: '/v1/perf/metrics',
      headers: auth(t.adminToken),
    })
  ).body;
  assert.match(
    text,
    /^keywatch_agent_metric\{host="odd\\"host\\\\name\\nx",metric="load\.1"\} 1e-7$/m,
  );
  assert.match(
    text,
    /^keywatch_agent_metric\{host="contosokeyvault",metric="kms\.vaultget\.latency_ms"\} 78$/m,
  );
  assert.equal(text.split('\n').filter((l) => l.startsWith('keywatch_agent_metric{')).length, 6);
  const check = spawnSync('promtool', ['check', 'metrics'], { input: text, encoding: 'utf8' });
  assert.equal(check.error, undefined, 'promtool (Debian package prometheus) must be installed');
  assert.equal(check.status, 0, check.stdout + check.stderr);
  assert.equal((check.stdout + check.stderr).trim(), '');
});
