// Agentless: the collector script runs in a real shell (first through `sh -s` reading a tree
// under a prefix, then through the system ssh client against a real sshd on loopback) and the
// KMS policy gives the same results as a local --root scan of the same tree.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { loadPolicyFile } from '../../src/sca/sca-policy-loader.ts';
import { runPolicy } from '../../src/sca/sca-policy-runner.ts';
import { planFor, sshCommand, withRemoteRoot } from '../../src/sca/remote-collector.ts';
import { compliantRoot, SSHD } from './fake-root.ts';
import { freePort, startSshd, type LoopbackSshd } from './loopback-sshd.ts';

const POLICY = new URL('../../policies/kms-hardening.yml', import.meta.url).pathname;
const root = compliantRoot();
root.write("etc/kms/keys/it's a key.pem", 'k', 0o644, 4711); // a quote in the name, world-readable
root.write('etc/ssh/sshd_config', SSHD.replace('MaxAuthTries 3', 'MaxAuthTries 8'));
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
