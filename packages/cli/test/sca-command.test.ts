// `keywatch sca run|oval|inventory` as a user runs them (child process): one JSON line per check
// or definition, exit 1 on a failed check, 2 on an unusable policy or OVAL file.
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { keywatch } from './cli-process.ts';
import { compliantRoot, SSHD } from '../../agent/test/sca/fake-root.ts';

const POLICY = new URL('../../agent/policies/kms-hardening.yml', import.meta.url).pathname;
const OVAL = new URL('../../agent/test/sca/data/kms-checks.oval.xml', import.meta.url).pathname;
const root = compliantRoot();
const tmp = mkdtempSync(join(tmpdir(), 'kw-sca-cli-'));
after(() => {
  root.remove();
  rmSync(tmp, { recursive: true, force: true });
});

const lines = (out: string) =>
  out
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as Record<string, unknown>);

test('sca run: a clean root passes (exit 0); a planted misconfiguration fails its check (exit 1)', () => {
  const ok = keywatch(['sca', 'run', POLICY, '--root', root.dir]);
  assert.equal(ok.status, 0, ok.stderr);
  const rows = lines(ok.stdout);
  assert.ok(rows.length >= 13);
  for (const r of rows) assert.deepEqual(Object.keys(r), ['id', 'result']);
  assert.ok(rows.every((r) => r['result'] === 'pass'));
  root.write('etc/ssh/sshd_config', SSHD.replace('MaxAuthTries 3', 'MaxAuthTries 9'));
  const bad = keywatch(['sca', 'run', POLICY, '--root', root.dir]);
  root.write('etc/ssh/sshd_config', SSHD);
  assert.equal(bad.status, 1);
  assert.deepEqual(
    lines(bad.stdout).find((r) => r['id'] === 'kms-052'),
    { id: 'kms-052', result: 'fail' },
  );
});

test('sca run --var overrides a policy variable', () => {
  const r = keywatch(['sca', 'run', POLICY, '--root', root.dir, '--var', 'openssl_min=9.0']);
  assert.equal(r.status, 1);
  assert.deepEqual(
    lines(r.stdout).find((x) => x['id'] === 'kms-001'),
    { id: 'kms-001', result: 'fail' },
  );
});

test('sca oval with --variables: one line per definition', () => {
  const vars = join(tmp, 'vars.xml');
  writeFileSync(
    vars,
    `<oval_variables xmlns="http://oval.mitre.org/XMLSchema/oval-variables-5"><variables><variable id="oval:kw:var:1" datatype="int" comment="c"><value>4</value></variable></variables></oval_variables>`,
  );
  const r = keywatch(['sca', 'oval', OVAL, '--root', root.dir, '--variables', vars]);
  assert.equal(r.status, 0, r.stderr);
  const rows = lines(r.stdout);
  assert.equal(rows.length, 9);
  assert.deepEqual(rows[6], { id: 'oval:kw:def:7', result: 'not evaluated' });
  assert.deepEqual(rows[2], { id: 'oval:kw:def:3', result: 'false' });
});

test('sca inventory lists the dpkg status packages', () => {
  const r = keywatch(['sca', 'inventory', '--root', root.dir]);
  assert.equal(r.status, 0);
  assert.deepEqual(
    lines(r.stdout).find((p) => p['name'] === 'openssl'),
    {
      name: 'openssl',
      version: '3.0.15-1~deb12u1',
      arch: 'amd64',
      format: 'deb',
    },
  );
});

test('an unusable policy or OVAL file exits 2 with its code', () => {
  const bad = join(tmp, 'bad.yml');
  writeFileSync(
    bad,
    'policy: { id: x }\nchecks:\n  - id: a\n    title: a\n    condition: all\n    rules:\n      - file: /x\n        mod: "0600"\n',
  );
  const r = keywatch(['sca', 'run', bad]);
  assert.equal(r.status, 2);
  assert.match(r.stderr, /POLICY_INVALID: check a\.rules\[0\]: unknown key "mod"/);
  writeFileSync(join(tmp, 'bad.xml'), '<oval_definitions><definitions>');
  const o = keywatch(['sca', 'oval', join(tmp, 'bad.xml')]);
  assert.equal(o.status, 2);
  assert.match(o.stderr, /OVAL_INVALID/);
});
