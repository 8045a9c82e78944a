// A real server and a real agent running the sca module from its group policy over a planted root
// (an old OpenSSL in the dpkg status, a world-readable key): the checks arrive as events and make
// a trend and a report; the agent's software inventory is assessed by the server by itself — drift
// from the group's approved baseline and a known-vulnerable OpenSSL from the offline OVAL feed —
// with no one calling the assessment route.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { call, enrollViaCli, eventsOfType, startAgent, waitFor } from './agent-process.ts';
import { killHard, startServe } from './cli-process.ts';
import { compliantRoot, GOOD_PACKAGES } from '../../agent/test/sca/fake-root.ts';

const POLICY = new URL('../../agent/policies/kms-hardening.yml', import.meta.url).pathname;
const FEED = new URL('../../agent/test/sca/data/debian-oval-feed.xml', import.meta.url).pathname;

test(
  'agent sca module: results, trend and report; inventory assessed by itself',
  { timeout: 120_000 },
  async (t) => {
    const dir = mkdtempSync(join(tmpdir(), 'kw-sca-agent-'));
    const root = compliantRoot()
      .packages(GOOD_PACKAGES.map(([n, v]) => [n, n === 'openssl' ? '3.0.9-1' : v]))
      .write('etc/kms/keys/stray.key', 'k', 0o644, 4711);
    const data = join(dir, 'data');
    const { child: server, url } = await startServe(['--data-dir', data]);
    const running: { agent?: Awaited<ReturnType<typeof startAgent>> } = {};
    t.after(async () => {
      if (running.agent) await killHard(running.agent);
      await killHard(server);
      root.remove();
      rmSync(dir, { recursive: true, force: true });
    });
    const admin = readFileSync(join(data, 'initial-admin-token'), 'utf8').trim();
    mkdirSync(join(data, 'sca'), { recursive: true });
    copyFileSync(FEED, join(data, 'sca', 'vulnerability-feed.xml'));
    const baseline = { packages: { openssl: '>= 3.0.11', vault: '*' } };
    assert.equal((await call(url, admin, 'PUT', '/v1/sca/baselines/kms', baseline)).status, 200);
    const policy = {
      heartbeat_seconds: 0.5,
      sca: { policies: [POLICY], root: root.dir, interval_seconds: 3600 },
    };
    assert.equal(
      (await call(url, admin, 'PUT', '/v1/agent-groups/kms/policy', policy)).status,
      200,
    );
    const stateDir = join(dir, 'agent');
    const agentId = await enrollViaCli(url, admin, stateDir, ['--group', 'kms']);
    running.agent = await startAgent(stateDir);

    // The assessment by itself: drift and the vulnerable OpenSSL, from the agent's inventory.
    const vuln = await waitFor(
      'software.vulnerable',
      async () => (await eventsOfType(url, admin, 'software.vulnerable'))[0],
    );
    assert.equal(vuln.source?.agent, agentId);
    assert.equal(vuln.source?.host, hostname());
    assert.deepEqual(vuln.detail?.['cves'], ['CVE-2023-5678']);
    const [drift] = await eventsOfType(url, admin, 'software.drift');
    assert.deepEqual(
      (drift?.detail?.['changes'] as { package: string; change: string }[])
        .map((c) => `${c.package}:${c.change}`)
        .sort(),
      ['openssl:version', 'vault:missing'],
    );
    const [inventory] = await eventsOfType(url, admin, 'software.inventory');
    assert.equal(inventory?.source?.agent, agentId);

    // The checks: a trend point for the host and its results in the policy's report.
    const results = await waitFor('the scan in the results', async () => {
      const r = await call(url, admin, 'GET', `/v1/sca/results?host=${hostname()}`);
      const body = r.json as {
        trend: { policy: string; score: number }[];
        policies: { policy: string; hosts: Record<string, { checks: Record<string, string> }> }[];
      };
      return body.trend.length > 0 ? body : undefined;
    });
    assert.equal(results.trend[0]!.policy, 'kms-hardening');
    const checks = results.policies[0]!.hosts[hostname()]!.checks;
    assert.equal(checks['kms-001'], 'fail'); // OpenSSL below 3.0.11
    assert.equal(checks['kms-011'], 'fail'); // a world-readable key
    assert.equal(checks['kms-020'], 'pass');
  },
);
