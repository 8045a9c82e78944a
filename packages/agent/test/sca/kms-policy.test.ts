// The shipped KMS hardening policy on a compliant fake root (every check passes) and with one
// planted misconfiguration at a time: each is caught by the right check id, and only by it.
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { chmodSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { loadPolicyFile } from '../../src/sca/sca-policy-loader.ts';
import { runPolicy } from '../../src/sca/sca-policy-runner.ts';
import { compliantRoot, GOOD_PACKAGES, SSHD, VAULT_HCL, type FakeRoot } from './fake-root.ts';

const POLICY = new URL('../../policies/kms-hardening.yml', import.meta.url).pathname;
const roots: FakeRoot[] = [];
after(() => roots.forEach((r) => r.remove()));

async function results(plant?: (r: FakeRoot) => void): Promise<Map<string, string>> {
  const root = compliantRoot();
  roots.push(root);
  plant?.(root);
  const out = await runPolicy(await loadPolicyFile(POLICY), { root: root.dir });
  return new Map(out.map((c) => [c.id, c.result]));
}

const failing = (m: Map<string, string>) =>
  [...m].filter(([, r]) => r !== 'pass').map(([id, r]) => `${id}:${r}`);

test('a compliant KMS host passes every check', async () => {
  const m = await results();
  assert.ok(m.size >= 13);
  assert.deepEqual(failing(m), []);
});

const PLANTS: [string, string, (r: FakeRoot) => void][] = [
  [
    'old OpenSSL in the dpkg status file',
    'kms-001',
    (r) =>
      r.packages(
        GOOD_PACKAGES.map(([n, v]) => [
          n,
          n.startsWith('libssl') || n === 'openssl' ? '3.0.9-1' : v,
        ]),
      ),
  ],
  [
    'an old HSM client',
    'kms-002',
    (r) => r.packages(GOOD_PACKAGES.map(([n, v]) => [n, n === 'softhsm2' ? '2.5.0-1' : v])),
  ],
  [
    'a key store file with mode 0640',
    'kms-010',
    (r) => chmodSync(join(r.dir, 'etc/kms/keys/master.key'), 0o640),
  ],
  [
    'a key store file owned by root',
    'kms-010',
    (r) => r.write('etc/kms/keys/other.key', 'x', 0o600, 0),
  ],
  ['a world-readable key', 'kms-011', (r) => r.write('etc/ssl/private/web.key', 'x', 0o644)],
  [
    'a missing audit rule',
    'kms-020',
    (r) => r.write('etc/audit/rules.d/kms.rules', '-w /etc/kms/ -p wa -k kms\n'),
  ],
  [
    'auditd not enabled',
    'kms-021',
    (r) => rmSync(join(r.dir, 'etc/systemd/system/multi-user.target.wants/auditd.service')),
  ],
  [
    'no time synchronisation',
    'kms-030',
    (r) => rmSync(join(r.dir, 'etc/systemd/system/multi-user.target.wants/chrony.service')),
  ],
  [
    'Vault TLS disabled',
    'kms-040',
    (r) =>
      r.write(
        'etc/vault.d/vault.hcl',
        VAULT_HCL.replace('tls_cert_file', 'tls_disable = "true"\n  tls_cert_file'),
        0o640,
        4711,
      ),
  ],
  [
    'mlock disabled',
    'kms-042',
    (r) => r.write('etc/vault.d/vault.hcl', VAULT_HCL + 'disable_mlock = true\n', 0o640, 4711),
  ],
  [
    'root login over SSH',
    'kms-050',
    (r) => r.write('etc/ssh/sshd_config.d/50-cloud.conf', 'PermitRootLogin yes\n'),
  ],
  [
    'SSH passwords',
    'kms-051',
    (r) =>
      r.write(
        'etc/ssh/sshd_config',
        SSHD.replace('PasswordAuthentication no', 'PasswordAuthentication yes'),
      ),
  ],
  [
    'MaxAuthTries 6',
    'kms-052',
    (r) => r.write('etc/ssh/sshd_config', SSHD.replace('MaxAuthTries 3', 'MaxAuthTries 6')),
  ],
  ['core dumps of setuid processes', 'kms-060', (r) => r.write('proc/sys/fs/suid_dumpable', '2\n')],
];

for (const [what, id, plant] of PLANTS) {
  test(`${what} fails ${id} and nothing else`, async () => {
    assert.deepEqual(failing(await results(plant)), [`${id}:fail`]);
  });
}

test('no Vault audit log and commands not enabled: kms-041 is notchecked, not guessed', async () => {
  const plant = (r: FakeRoot) => rmSync(join(r.dir, 'var/log/vault/audit.log'));
  assert.deepEqual(failing(await results(plant)), ['kms-041:notchecked']);
});

test('without Vault the Vault checks are notapplicable; without a package database, unknown', async () => {
  const m = await results((r) => {
    rmSync(join(r.dir, 'etc/vault.d'), { recursive: true });
    rmSync(join(r.dir, 'var/lib/dpkg/status'));
  });
  assert.equal(m.get('kms-040'), 'notapplicable');
  assert.equal(m.get('kms-042'), 'notapplicable');
  assert.equal(m.get('kms-001'), 'unknown');
  assert.equal(m.get('kms-050'), 'unknown');
});
