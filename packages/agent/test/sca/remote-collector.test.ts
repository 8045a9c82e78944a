// Agentless: the collector script runs in a real shell (first through `sh -s` reading a tree
// under a prefix, then through the system ssh client against a real sshd on loopback) and the
// KMS policy gives the same results as a local --root scan of the same tree. POSIX ACLs are read
// on the remote host by its getfacl: an ACL rule judges the remote file, not the ACL-less copy.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadPolicyFile, parsePolicy } from '../../src/sca/sca-policy-loader.ts';
import { runPolicy } from '../../src/sca/sca-policy-runner.ts';
import { planFor, sshCommand, withRemoteRoot } from '../../src/sca/remote-collector.ts';
import { compliantRoot, SSHD, VAULT_UID } from './fake-root.ts';
import { freePort, startSshd, type LoopbackSshd } from './loopback-sshd.ts';

const POLICY = new URL('../../policies/kms-hardening.yml', import.meta.url).pathname;
const root = compliantRoot();
root.write("etc/kms/keys/it's a key.pem", 'k', 0o644, 4711); // a quote in the name, world-readable
root.write('etc/ssh/sshd_config', SSHD.replace('MaxAuthTries 3', 'MaxAuthTries 8'));
// An HSM client key the vault account may read through an ACL entry, and one without ACL.
root.write('srv/hsm/client.key', 'k', 0o640).write('srv/hsm/plain.key', 'k', 0o600);
execFileSync('setfacl', ['-m', `u:${VAULT_UID}:r`, `${root.dir}/srv/hsm/client.key`]);
const ACL_POLICY = parsePolicy(`policy: { id: acl }
checks:
  - { id: has, title: has, condition: all, rules: [{ file: /srv/hsm/client.key, acl_has: ['user:vault:r--'] }] }
  - { id: lacks, title: lacks, condition: all, rules: [{ file: /srv/hsm/client.key, acl_lacks: ['user:vault:r--'] }] }
  - { id: ext, title: ext, condition: all, rules: [{ file: /srv/hsm/client.key, acl_extended: false }] }
  - { id: plain, title: plain, condition: all, rules: [{ file: /srv/hsm/plain.key, acl_extended: false }] }
  - { id: tree, title: tree, condition: all, rules: [{ file: /srv/hsm, recursive: true, acl_extended: false }] }
  - { id: mode, title: mode, condition: all, rules: [{ file: /srv/hsm/client.key, mode_max: '0640' }] }
`);
const ACL_EXPECTED = ['has:pass', 'lacks:fail', 'ext:fail', 'plain:pass', 'tree:fail', 'mode:pass'];
let sshd: LoopbackSshd;

const summary = (rs: { id: string; result: string }[]) => rs.map((r) => `${r.id}:${r.result}`);

before(async () => {
  sshd = await startSshd();
});

after(() => {
  sshd.stop();
  root.remove();
});

test('the collector through sh -s reproduces a local --root scan', async () => {
  const policy = await loadPolicyFile(POLICY);
  const local = summary(await runPolicy(policy, { root: root.dir }));
  const remote = summary(
    await withRemoteRoot(
      ['sh', '-s'],
      planFor(policy),
      (dir) => runPolicy(policy, { root: dir }),
      root.dir,
    ),
  );
  assert.deepEqual(remote, local);
  assert.ok(
    remote.includes('kms-011:fail') &&
      remote.includes('kms-052:fail') &&
      remote.includes('kms-010:fail'),
  );
  assert.equal(remote.filter((r) => r.endsWith(':pass')).length, remote.length - 3);
});

test('the same over the system ssh client and a real sshd', async () => {
  const policy = await loadPolicyFile(POLICY);
  const argv = sshCommand({
    destination: 'root@127.0.0.1',
    port: sshd.port,
    identity: sshd.identity,
    options: sshd.options,
  });
  assert.deepEqual(argv.slice(0, 5), ['ssh', '-o', 'BatchMode=yes', '-o', 'ConnectTimeout=10']);
  const local = summary(await runPolicy(policy, { root: root.dir }));
  const remote = summary(
    await withRemoteRoot(
      argv,
      planFor(policy),
      (dir) => runPolicy(policy, { root: dir }),
      root.dir,
    ),
  );
  assert.deepEqual(remote, local);
});

test('ACL rules over sh -s and over ssh judge the remote ACLs, as a local scan does', async () => {
  assert.deepEqual(summary(await runPolicy(ACL_POLICY, { root: root.dir })), ACL_EXPECTED);
  const plan = planFor(ACL_POLICY);
  const viaSh = await withRemoteRoot(
    ['sh', '-s'],
    plan,
    (dir) => runPolicy(ACL_POLICY, { root: dir }),
    root.dir,
  );
  assert.deepEqual(summary(viaSh), ACL_EXPECTED);
  const argv = sshCommand({
    destination: 'root@127.0.0.1',
    port: sshd.port,
    identity: sshd.identity,
    options: sshd.options,
  });
  const viaSsh = await withRemoteRoot(
    argv,
    plan,
    (dir) => runPolicy(ACL_POLICY, { root: dir }),
    root.dir,
  );
  assert.deepEqual(summary(viaSsh), ACL_EXPECTED);
  assert.match(viaSsh.find((r) => r.id === 'ext')!.reasons.join(' '), /has extended ACL entries/);
});

test('a remote host without getfacl makes ACL rules an error, never a pass', async () => {
  // PATH without getfacl on the "remote" side: sh -s with a PATH of only the base tools.
  const bin = mkdtempSync(join(tmpdir(), 'kw-nofacl-'));
  for (const tool of ['base64', 'stat', 'readlink', 'cat', 'printf'])
    symlinkSync(
      execFileSync('sh', ['-c', `command -v ${tool}`])
        .toString()
        .trim(),
      join(bin, tool),
    );
  try {
    const rs = await withRemoteRoot(
      ['env', `PATH=${bin}`, '/bin/sh', '-s'],
      planFor(ACL_POLICY),
      (dir) => runPolicy(ACL_POLICY, { root: dir }),
      root.dir,
    );
    assert.deepEqual(summary(rs), [
      'has:error',
      'lacks:error',
      'ext:error',
      'plain:error',
      'tree:error',
      'mode:pass',
    ]);
  } finally {
    rmSync(bin, { recursive: true, force: true });
  }
});

test('an unreachable host is REMOTE_FAILED', async () => {
  const policy = await loadPolicyFile(POLICY);
  const argv = sshCommand({
    destination: 'root@127.0.0.1',
    port: await freePort(),
    options: ['LogLevel=ERROR'],
  });
  await assert.rejects(
    withRemoteRoot(argv, planFor(policy), () => Promise.resolve(0)),
    /REMOTE_FAILED|collector exited/,
  );
});
