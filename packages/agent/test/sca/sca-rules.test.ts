// Rule kinds one by one on real files: ACL through getfacl, processes and listening ports from a
// fake /proc, commands only when the host opts in, conditions and XCCDF result states.
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { parsePolicy } from '../../src/sca/sca-policy-loader.ts';
import { combine, runPolicy } from '../../src/sca/sca-policy-runner.ts';
import { ScaError } from '../../src/sca/sca-error.ts';
import { FakeRoot, VAULT_UID } from './fake-root.ts';

const root = new FakeRoot()
  .write('etc/passwd', `root:x:0:0::/:/bin/sh\nvault:x:${VAULT_UID}:${VAULT_UID}::/:/bin/false\n`)
  .write('etc/group', `root:x:0:\nvault:x:${VAULT_UID}:\n`)
  .write('etc/kms/acl.key', 'k', 0o600)
  .write('etc/kms/plain.key', 'k', 0o600)
  .write('etc/app.conf', 'max_sessions = 12\nversion = 2.4.1-3\n')
  .write('proc/1/comm', 'systemd\n')
  .write('proc/812/comm', 'vault\n')
  .write('proc/812/cmdline', '/usr/bin/vault\0server\0')
  .write(
    'proc/net/tcp',
    '  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode\n' +
      '   0: 00000000:2008 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 1\n' +
      '   1: 0100007F:1F90 0100007F:A000 01 00000000:00000000 00:00000000 00000000     0        0 2\n',
  );
execFileSync('setfacl', ['-m', `u:${VAULT_UID}:r`, `${root.dir}/etc/kms/acl.key`]);
after(() => root.remove());

const check = (id: string, rules: string, condition = 'all') =>
  `  - id: ${id}\n    title: ${id}\n    condition: ${condition}\n    rules:\n${rules}`;

async function run(checks: string[], allowCommands = false): Promise<Record<string, string>> {
  const policy = parsePolicy(
    `policy: { id: t }\nvariables:\n  svc: vault\nchecks:\n${checks.join('\n')}\n`,
  );
  const out = await runPolicy(policy, { root: root.dir, allowCommands });
  return Object.fromEntries(out.map((c) => [c.id, c.result]));
}

test('ACL entries by name (resolved through the root’s passwd) and extended-ACL detection', async () => {
  const r = await run([
    check('has', '      - file: /etc/kms/acl.key\n        acl_has: ["user:$svc:r--"]\n'),
    check('ext', '      - file: /etc/kms/acl.key\n        acl_extended: false\n'),
    check('plain', '      - file: /etc/kms/plain.key\n        acl_extended: false\n'),
  ]);
  assert.deepEqual(r, { has: 'pass', ext: 'fail', plain: 'pass' });
});

test('captured values compare as numbers and as Debian versions', async () => {
  const r = await run([
    check(
      'num',
      "      - file: /etc/app.conf\n        matches: '^max_sessions = (\\d+)'\n        compare: '<= 10'\n",
    ),
    check(
      'ver',
      "      - file: /etc/app.conf\n        matches: '^version = (\\S+)'\n        compare: '>= 2.4.1-2'\n        as: version\n",
    ),
  ]);
  assert.deepEqual(r, { num: 'fail', ver: 'pass' });
});

test('processes from /proc/*/comm and cmdline, listening ports from /proc/net/tcp', async () => {
  const r = await run([
    check('vault', '      - process: vault\n'),
    check('sshd', '      - process: sshd\n'),
    check('p8200', '      - port: 8200\n'),
    check('p8080', '      - port: 8080\n'),
  ]);
  assert.deepEqual(r, { vault: 'pass', sshd: 'fail', p8200: 'pass', p8080: 'fail' });
});

test('commands run only when the host opts in, and never under --root', async () => {
  const c = check('cmd', "      - command: 'echo hello'\n        matches: hello\n");
  assert.equal((await run([c]))['cmd'], 'notchecked');
  assert.equal((await run([c], true))['cmd'], 'notchecked'); // --root is not the live host
  const live = await runPolicy(parsePolicy(`policy: { id: t }\nchecks:\n${c}\n`), {
    allowCommands: true,
  });
  assert.equal(live[0]?.result, 'pass');
});

test('conditions and XCCDF states: none, any, not, unknown, informational', async () => {
  const r = await run([
    check('none', '      - file: /etc/shadow-missing\n', 'none'),
    check('any', '      - file: /nope\n      - file: /etc/app.conf\n', 'any'),
    check('not', '      - file: /etc/app.conf\n        not: true\n'),
    check('unk', '      - sysctl: net.ipv4.ip_forward\n        value: "0"\n'),
    '  - id: info\n    title: info\n    informational: true\n    condition: all\n    rules:\n      - file: /etc/app.conf\n',
  ]);
  assert.deepEqual(r, {
    none: 'pass',
    any: 'pass',
    not: 'fail',
    unk: 'unknown',
    info: 'informational',
  });
  assert.equal(combine('all', ['true', 'error', 'unknown']), 'error');
  assert.equal(combine('any', ['false', 'unknown']), 'unknown');
  assert.equal(combine('all', ['false', 'error']), 'fail');
});

test('malformed policies name the check and key', () => {
  const bad = (text: string, re: RegExp) =>
    assert.throws(
      () => parsePolicy(text),
      (e: unknown) => e instanceof ScaError && e.code === 'POLICY_INVALID' && re.test(e.message),
    );
  bad(
    `policy: { id: t }\nchecks:\n${check('a', '      - file: /x\n        mdoe: "0600"\n')}`,
    /check a\.rules\[0\]: unknown key "mdoe"/,
  );
  bad(
    `policy: { id: t }\nchecks:\n${check('a', '      - file: $nope\n')}`,
    /unknown variable \$nope/,
  );
  bad(`policy: { id: t }\nchecks:\n${check('a', '      - file: /x\n', 'most')}`, /condition/);
  bad(
    `policy: { id: t }\nchecks:\n${check('a', "      - file: /x\n        matches: '('\n")}`,
    /matches/,
  );
});
