// Real operational data for the browser tests and the screenshots, sent through the same APIs as
// in production: two agents enrolled with a token and signed requests (heartbeats, a FIM baseline
// with a known-good copy, FIM change events), a key inventory written by an admin token and a
// deployment gate's checks (one key substituted), an hour of perf samples with five saturated
// minutes, and two SCA scans of one policy.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { keysService } from '../../server/src/keys/keys-service.ts';
import { newAgentKey, signedHeaders, type TestAgentKey } from '../../server/test/agent-signer.ts';
import { ingest, type WebHarness } from './web-harness.ts';

const sha = (b: Buffer | string): string => createHash('sha256').update(b).digest('hex');
export const HCL = '/etc/vault.d/vault.hcl';
const GOOD = Buffer.from('listener "tcp" {\n  address = "127.0.0.1:8200"\n}\nstorage "raft" {}\n');
export const FP_OK = `sha256:${'a1'.repeat(32)}`;
export const FP_EXPECTED = `sha256:${'b2'.repeat(32)}`;
export const FP_FOUND = `sha256:${'c3'.repeat(32)}`;

export interface SeededAgent {
  id: string;
  host: string;
  key: TestAgentKey;
}

async function api(h: WebHarness, method: string, path: string, token: string, body?: unknown) {
  const res = await fetch(h.base + path, {
    method,
    headers: {
      authorization: `Bearer ${token}`,
      ...(body !== undefined && { 'content-type': 'application/json' }),
    },
    ...(body !== undefined && { body: JSON.stringify(body) }),
  });
  assert.ok(res.ok, `${method} ${path}: ${res.status} ${await res.clone().text()}`);
  return (await res.json()) as Record<string, unknown>;
}

/** A request signed by the agent's key, as the agent's transport sends it. */
export async function signed(h: WebHarness, a: SeededAgent, path: string, body: unknown) {
  const text = JSON.stringify(body);
  const res = await fetch(h.base + path, {
    method: 'POST',
    headers: signedHeaders(a.key, a.id, 'POST', path, text),
    body: text,
  });
  assert.ok(res.ok, `agent POST ${path}: ${res.status} ${await res.clone().text()}`);
  return (await res.json()) as Record<string, unknown>;
}

async function enroll(h: WebHarness, host: string, group: string): Promise<SeededAgent> {
  const { token } = await api(h, 'POST', '/v1/agents/enrollment-tokens', h.t.adminToken, {});
  const key = newAgentKey();
  const r = await api(h, 'POST', '/v1/agents/enroll', h.t.adminToken, {
    token,
    public_key: key.publicKeyBase64,
    name: `agent-${host}`,
    group,
    host,
  });
  const a = { id: r['agent_id'] as string, host, key };
  const policy = { source: 'server', issued: new Date().toISOString(), scope: 'group' };
  await signed(h, a, '/v1/agents/heartbeat', {
    health: { version: '0.1.0', modules: { fim: {}, perf: {}, sca: {} }, policy },
  });
  return a;
}

const record = (sha256: string, mode: number, size: number) => ({
  type: 'file',
  size,
  mode,
  uid: 0,
  gid: 998,
  mtimeNs: '1764403200000000000',
  ctimeNs: '1764403200000000000',
  ino: '131090',
  dev: '2049',
  nlink: 1,
  hashState: 'hashed',
  sha256,
});

async function seedFim(h: WebHarness, a: SeededAgent): Promise<void> {
  await signed(h, a, '/v1/agents/fim/content', {
    sha256: sha(GOOD),
    content: GOOD.toString('base64'),
  });
  const entries = {
    [HCL]: record(sha(GOOD), 0o640, GOOD.length),
    '/etc/vault.d/tls.pem': record(sha('pem'), 0o600, 1200),
  };
  await signed(h, a, '/v1/agents/fim/baseline', {
    baseline: {
      format: 'keywatch-fim-baseline/1',
      createdAt: new Date(Date.now() - 3_600_000).toISOString(),
      fullHashAt: new Date(Date.now() - 3_600_000).toISOString(),
      entries,
    },
    known_good: { [HCL]: sha(GOOD) },
  });
  const bad = 'listener "tcp" {\n  address = "0.0.0.0:8200"\n}\nstorage "raft" {}\n';
  const change = (seq: number, type: string, path: string, detail: Record<string, unknown>) => ({
    time: new Date(Date.now() - (10 - seq) * 60_000).toISOString(),
    type,
    outcome: 'success',
    severity: type === 'fim.modified' ? 'high' : 'medium',
    actor: { id: a.id, type: 'agent' },
    target: { type: 'file', id: path },
    source: { kind: 'fim', host: a.host, seq },
    message: `${path}: ${type.slice(4)}`,
    detail,
  });
  await signed(h, a, '/v1/agents/events', {
    events: [
      change(1, 'fim.modified', HCL, {
        change: 'modified',
        attributes: ['sha256', 'size', 'mtime'],
        before: entries[HCL],
        after: {
          ...entries[HCL],
          sha256: sha(bad),
          size: bad.length,
          mtimeNs: '1764406800000000000',
        },
        diff: ' listener "tcp" {\n-  address = "127.0.0.1:8200"\n+  address = "0.0.0.0:8200"\n }',
      }),
      change(2, 'fim.attributes_changed', '/etc/vault.d/tls.pem', {
        change: 'attributes',
        attributes: ['mode'],
        before: entries['/etc/vault.d/tls.pem'],
        after: { ...entries['/etc/vault.d/tls.pem'], mode: 0o644 },
      }),
      change(3, 'fim.added', '/etc/vault.d/plugin.so', {
        change: 'added',
        attributes: [],
        after: record(sha('plugin'), 0o755, 40960),
      }),
    ],
  });
}

async function seedKeys(h: WebHarness): Promise<void> {
  const day = 86_400_000;
  await api(h, 'PUT', '/v1/keys', h.t.adminToken, {
    keys: [
      {
        id: 'payments-tls',
        name: 'Payments API TLS',
        algorithm: 'rsa',
        size: 2048,
        usage: 'tls',
        state: 'active',
        activation: new Date(Date.now() - 30 * day).toISOString(),
        expiry: new Date(Date.now() + 300 * day).toISOString(),
        fingerprint: FP_OK,
        locations: ['kms-1:/etc/kms/tls.pem'],
      },
      {
        id: 'ledger-signing',
        algorithm: 'ec',
        size: 256,
        usage: 'sign',
        state: 'active',
        fingerprint: FP_EXPECTED,
        locations: ['kms-1:/etc/kms/ledger.pem'],
      },
      { id: 'old-wrap', algorithm: 'aes', size: 256, usage: 'wrap', state: 'deactivated' },
    ],
  });
  const ingestToken = h.ingestToken;
  const report = (label: string, fingerprint: string, algorithm: string, bits: number) => ({
    label,
    kind: 'certificate',
    algorithm,
    bits,
    fingerprint,
    verdict: 'pass',
    findings: [{ check: 'pair', status: 'pass', reason: 'private key matches certificate' }],
  });
  await api(h, 'POST', '/v1/keys/checks', ingestToken, {
    host: 'kms-1',
    reports: [
      report('/etc/kms/tls.pem', FP_OK, 'rsa', 2048),
      report('/etc/kms/ledger.pem', FP_FOUND, 'ec', 256),
    ],
  });
}

async function seedPerf(h: WebHarness): Promise<void> {
  const MIN = 60_000;
  const start = Date.now() - (Date.now() % MIN) - 59 * MIN;
  const events = Array.from({ length: 60 }, (_, m) => {
    const busy = m >= 54; // the last minutes: saturated
    return {
      time: new Date(start + m * MIN + 5000).toISOString(),
      type: 'perf.sample',
      outcome: 'success',
      actor: { id: 'agent-kms-1', type: 'agent' },
      source: { kind: 'agent', host: 'kms-1' },
      detail: {
        host: 'kms-1',
        metrics: {
          'cpu.total': busy ? 99 : 35 + 10 * Math.sin(m / 6),
          'load.1': busy ? 3.9 : 1.2 + Math.sin(m / 9) / 2,
          'mem.used_pct': 52 + m / 10,
          'crypto.rsa2048_sign.ops_per_s': busy ? 610 : 1480 + 40 * Math.cos(m / 5),
          'probe.vault.latency_ms': busy ? 48 : 6 + (m % 7),
        },
      },
    };
  });
  await ingest(h, events);
}

function scaScan(host: string, scan: string, minutesAgo: number, fails: string[]) {
  const time = new Date(Date.now() - minutesAgo * 60_000).toISOString();
  const actor = { id: `agent-${host}`, type: 'agent' };
  const source = { kind: 'native', host };
  const checks = [
    ['kms-001', 'Vault listens on loopback or with TLS only', ['10.4.1'], 'CM-7'],
    ['kms-010', 'Key stores are mode 0600 and owned by the service account', ['3.6.1'], 'SC-12'],
    ['kms-020', 'OpenSSL is at least 3.0.11', ['6.3.3'], 'SI-2'],
  ] as const;
  const events: Record<string, unknown>[] = checks.map(([id, title, pci, nist]) => {
    const fail = fails.includes(id);
    return {
      time,
      type: fail ? 'sca.check_failed' : 'sca.check_passed',
      outcome: fail ? 'failure' : 'success',
      actor,
      source,
      target: { type: 'sca_check', id: `kms-hardening/${id}`, name: title },
      severity: fail ? 'medium' : 'info',
      detail: {
        scan,
        policy: 'kms-hardening',
        check: id,
        result: fail ? 'fail' : 'pass',
        reasons: fail ? [`${id}: /etc/kms/keys/ledger.key is mode 0644, allowed at most 0600`] : [],
        compliance: { pci_dss: [...pci], nist_800_53: [nist] },
        rationale: 'Key files readable by other accounts let them copy key material.',
        remediation: 'chmod 0600 the key files and chown them to the service account.',
      },
    };
  });
  const pass = checks.length - fails.length;
  events.push({
    time,
    type: 'sca.scan_completed',
    outcome: fails.length ? 'failure' : 'success',
    actor,
    source,
    target: { type: 'sca_policy', id: 'kms-hardening', name: 'KMS host hardening' },
    detail: {
      scan,
      policy: 'kms-hardening',
      counts: { pass, fail: fails.length },
      score: Math.round((1000 * pass) / checks.length) / 10,
    },
  });
  return events;
}

export async function seedOperations(h: WebHarness): Promise<{ agents: SeededAgent[] }> {
  await api(h, 'PUT', '/v1/agent-groups/kms/policy', h.t.adminToken, {
    fim: { paths: ['/etc/vault.d', '/etc/kms'], diff: { paths: ['/etc/vault.d/*.hcl'] } },
    perf: { interval_seconds: 10 },
    sca: { policies: ['/etc/keywatch/kms-hardening.yml'] },
  });
  const agents = [await enroll(h, 'kms-1', 'kms'), await enroll(h, 'kms-2', 'kms')];
  await seedFim(h, agents[0]!);
  await seedKeys(h);
  await seedPerf(h);
  await ingest(h, [
    ...scaScan('kms-1', 'scan-1', 90, ['kms-001', 'kms-010']),
    ...scaScan('kms-1', 'scan-2', 20, ['kms-010']),
    ...scaScan('kms-2', 'scan-3', 15, []),
  ]);
  await keysService(h.t.server.context).idle();
  await h.t.server.context.detection.idle();
  return { agents };
}
