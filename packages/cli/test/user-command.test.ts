// keywatch user add|disable|enable|role|list, on a data directory and over a running server; the
// users it makes can sign in to the web view, and every change is in the log.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { keywatch, killHard, startServe, type RunningServer } from './cli-process.ts';

const PASSWORD = 'a long enough password';
let dir: string;
let data: string;

before(() => {
  dir = mkdtempSync(join(tmpdir(), 'kw-user-'));
  data = join(dir, 'data');
});
after(() => rmSync(dir, { recursive: true, force: true }));

const lines = (out: string) =>
  out
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as { username: string; role: string; disabled: boolean });

test('on a data directory: add, role, disable, list; bad input is refused', () => {
  const add = keywatch(
    ['user', 'add', 'ada', '--role', 'admin', '--password-stdin', '--data-dir', data],
    PASSWORD + '\n',
  );
  assert.equal(add.status, 0, add.stderr);
  assert.equal(lines(add.stdout)[0]!.role, 'admin');
  const add2 = keywatch(
    ['user', 'add', 'otto', '--role', 'auditor', '--password-stdin', '--data-dir', data],
    PASSWORD,
  );
  assert.equal(add2.status, 0, add2.stderr);
  assert.equal(keywatch(['user', 'role', 'otto', 'audit_admin', '--data-dir', data]).status, 0);
  assert.equal(keywatch(['user', 'disable', 'otto', '--data-dir', data]).status, 0);
  const list = keywatch(['user', 'list', '--data-dir', data]);
  assert.deepEqual(
    lines(list.stdout).map((u) => [u.username, u.role, u.disabled]),
    [
      ['ada', 'admin', false],
      ['otto', 'audit_admin', true],
    ],
  );
  const ingest = keywatch(
    ['user', 'add', 'bot', '--role', 'ingest', '--password-stdin', '--data-dir', data],
    PASSWORD,
  );
  assert.equal(ingest.status, 2);
  assert.match(ingest.stderr, /unknown role "ingest"/);
  const dup = keywatch(
    ['user', 'add', 'ada', '--role', 'admin', '--password-stdin', '--data-dir', data],
    PASSWORD,
  );
  assert.equal(dup.status, 1);
  assert.match(dup.stderr, /CONFLICT/);
  const noPassword = keywatch(['user', 'add', 'eve', '--role', 'auditor', '--data-dir', data]);
  assert.equal(noPassword.status, 2);
});

test('over a server: add and enable with an admin token; the user signs in; changes are logged', async () => {
  let s: RunningServer | undefined;
  try {
    s = await startServe(['--data-dir', data]);
    const token = readFileSync(join(data, 'initial-admin-token'), 'utf8').trim();
    const over = ['--server', s.url, '--token', token];
    const add = keywatch(
      ['user', 'add', 'lou', '--role', 'security_officer', '--password-stdin', ...over],
      PASSWORD,
    );
    assert.equal(add.status, 0, add.stderr);
    assert.equal(keywatch(['user', 'enable', 'otto', ...over]).status, 0);
    const login = await fetch(`${s.url}/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'otto', password: PASSWORD }),
    });
    assert.equal(login.status, 200);
    const events = (await (
      await fetch(`${s.url}/v1/events?type=user.create,user.change,role.assign`, {
        headers: { authorization: `Bearer ${token}` },
      })
    ).json()) as { events: { type: string; target: { id: string } }[] };
    assert.deepEqual(
      events.events.map((e) => `${e.type}:${e.target.id}`),
      [
        'user.change:otto',
        'user.create:lou',
        'user.change:otto',
        'role.assign:otto',
        'user.create:otto',
        'user.create:ada',
      ],
    );
    const refused = keywatch([
      'user',
      'list',
      '--server',
      s.url,
      '--token',
      'kw_0000000000000000_' + 'A'.repeat(43),
    ]);
    assert.equal(refused.status, 1);
    assert.match(refused.stderr, /UNAUTHENTICATED/);
  } finally {
    if (s) await killHard(s.child);
  }
});
