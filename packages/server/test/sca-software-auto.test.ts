// Software assessment by itself, through the agent-report path: an enrolled agent (group kms)
// sends its software.inventory over the signed agent transport, and — with nobody calling a route —
// the server logs software.drift against the kms baseline and software.vulnerable from the offline
// OVAL feed; a newly approved baseline re-assesses the group's hosts; an agentless host's
// inventory (listed in the baseline) is assessed the same way; the same inventory assessed again on
// request records nothing twice.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { StoredEvent } from '@keywatch/protocol';
import { runningSoftwareFollower } from '../src/sca/software-follower.ts';
import { newAgentKey, signedHeaders, type TestAgentKey } from './agent-signer.ts';
import { auth, startTestServer, type TestServer } from './test-server.ts';

const FEED = new URL('../../agent/test/sca/data/debian-oval-feed.xml', import.meta.url).pathname;

/** A software.inventory as the agent's sca module emits it (sca-events.ts inventoryEvent). */
const inventory = (host: string, seq: number, packages: [string, string][]) => ({
  id: `inv-${host}-${seq}`,
  time: new Date().toISOString(),
  type: 'software.inventory',
  outcome: 'success',
  actor: { id: 'agent', type: 'agent' },
  target: { type: 'host', id: 'self' },
  source: { kind: 'agent', host, seq },
  severity: 'info',
  message: `${packages.length} packages installed`,
  detail: {
    packages: packages.map(([name, version]) => ({ name, version, arch: 'amd64', format: 'deb' })),
  },
});

describe('software assessment runs by itself on reported inventories', () => {
  let t: TestServer;
  let officer: string;
  let agentId: string;
  let key: TestAgentKey;
  const inject = (method: 'GET' | 'POST' | 'PUT', url: string, token?: string, body?: unknown) =>
    t.server.app.inject({
      method,
      url,
      headers: token ? auth(token) : {},
      ...(body !== undefined && { payload: body as object }),
    });
  const findings = async (host: string): Promise<StoredEvent[]> => {
    const follower = runningSoftwareFollower(t.server.context);
    assert.ok(follower, 'the server follows inventories from its start');
    await follower.idle();
    const r = await inject(
      'GET',
      `/v1/events?type_prefix=software.&host=${host}&limit=100`,
      t.adminToken,
    );
    assert.equal(r.statusCode, 200, r.body);
    return r
      .json<{ events: StoredEvent[] }>()
      .events.filter((e) => e.type === 'software.drift' || e.type === 'software.vulnerable');
  };
  const agentSend = async (events: unknown[]) => {
    const body = JSON.stringify({ events });
    const url = '/v1/agents/events';
    const r = await t.server.app.inject({
      method: 'POST',
      url,
      headers: signedHeaders(key, agentId, 'POST', url, body),
      payload: body,
    });
    assert.equal(r.statusCode, 200, r.body);
  };

  before(async () => {
    t = await startTestServer();
    officer = await t.token('security_officer', 'sam');
    mkdirSync(join(t.dataDir, 'sca'), { recursive: true });
    copyFileSync(FEED, join(t.dataDir, 'sca', 'vulnerability-feed.xml'));
    const tok = await inject('POST', '/v1/agents/enrollment-tokens', officer, { group: 'kms' });
    key = newAgentKey();
    const r = await inject('POST', '/v1/agents/enroll', undefined, {
      token: tok.json<{ token: string }>().token,
      public_key: key.publicKeyBase64,
      name: 'kms-7',
      host: 'kms-7',
    });
    assert.equal(r.statusCode, 200, r.body);
    agentId = r.json<{ agent_id: string }>().agent_id;
    const b = await inject('PUT', '/v1/sca/baselines/kms', officer, {
      packages: { openssl: '>= 3.0.11', vault: '*' },
      hosts: ['kms-remote'],
    });
    assert.equal(b.statusCode, 200, b.body);
  });
  after(() => t.close());

  test("an agent's inventory: drift and a known-vulnerable version, with no route called", async () => {
    assert.deepEqual(await findings('kms-7'), []);
    await agentSend([
      inventory('kms-7', 1, [
        ['openssl', '3.0.9-1'],
        ['softhsm2', '2.6.1-2'],
      ]),
    ]);
    const f = await findings('kms-7');
    const drift = f.filter((e) => e.type === 'software.drift');
    const vuln = f.filter((e) => e.type === 'software.vulnerable');
    assert.equal(drift.length, 1);
    assert.equal(drift[0]!.source?.agent, agentId);
    assert.equal(drift[0]!.detail?.['group'], 'kms');
    assert.deepEqual(
      (drift[0]!.detail?.['changes'] as { package: string; change: string }[])
        .map((c) => `${c.package}:${c.change}`)
        .sort(),
      ['openssl:version', 'vault:missing'],
    );
    assert.equal(vuln.length, 1);
    assert.deepEqual(vuln[0]!.detail?.['cves'], ['CVE-2023-5678']);
    assert.equal(vuln[0]!.severity, 'high');
    // The same inventory assessed again on request records nothing twice.
    const a = await inject('POST', '/v1/sca/software/assess', officer, { host: 'kms-7' });
    assert.equal(a.statusCode, 200, a.body);
    assert.equal((await findings('kms-7')).length, 2);
    // A compliant inventory later: no new finding.
    await agentSend([
      inventory('kms-7', 2, [
        ['openssl', '3.0.11-1~deb12u2'],
        ['vault', '1.15.2'],
      ]),
    ]);
    assert.equal((await findings('kms-7')).length, 2);
  });

  test('a newly approved baseline re-assesses the hosts of its group', async () => {
    const b = await inject('PUT', '/v1/sca/baselines/kms', officer, {
      packages: { openssl: '>= 3.0.11', vault: '*', softhsm2: '>= 2.6.1' },
      hosts: ['kms-remote'],
    });
    assert.equal(b.statusCode, 200);
    const drift = (await findings('kms-7')).filter((e) => e.type === 'software.drift');
    assert.equal(drift.length, 2);
    assert.deepEqual(
      (drift[0]!.detail?.['changes'] as { package: string; change: string }[]).map(
        (c) => `${c.package}:${c.change}`,
      ),
      ['softhsm2:missing'],
    );
  });

  test('an agentless inventory (a host the baseline lists) is assessed the same way', async () => {
    const ingest = await t.token('ingest', 'sca-remote');
    const inv = {
      ...inventory('kms-remote', 1, [['openssl', '3.0.11-1~deb12u2']]),
      source: { kind: 'native', host: 'kms-remote' },
    };
    assert.equal((await inject('POST', '/v1/events', ingest, [inv])).statusCode, 200);
    const drift = (await findings('kms-remote')).filter((e) => e.type === 'software.drift');
    assert.equal(drift.length, 1);
    assert.deepEqual(
      (drift[0]!.detail?.['changes'] as { package: string }[]).map((c) => c.package).sort(),
      ['softhsm2', 'vault'],
    );
  });
});
