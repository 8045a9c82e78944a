// keywatch fim scan --baseline FILE PATH… [--update], run as a user would: creates the baseline,
// then prints one JSON line per change with exit 1, exit 0 when nothing changed.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  chmodSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
  existsSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execFileSync, spawnSync } from 'node:child_process';
import { keywatch } from './cli-process.ts';

const cliBin = new URL('../bin/keywatch.mjs', import.meta.url).pathname;

test('fim scan creates, checks and updates a baseline', (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'kw-fim-cli-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const tree = join(dir, 'etc');
  const baseline = join(dir, 'baseline.json');
  execFileSync('mkdir', ['-p', join(tree, 'ssl')]);
  writeFileSync(join(tree, 'kms.conf'), 'listen 5696\n');
  writeFileSync(join(tree, 'ssl', 'ca.pem'), 'CA\n');
  writeFileSync(join(tree, 'old'), 'old\n');

  const created = keywatch(['fim', 'scan', '--baseline', baseline, tree]);
  assert.equal(created.status, 0, created.stderr);
  assert.equal(created.stdout, '');
  assert.match(created.stderr, /baseline .* created \(5 entries\)/);
  const stored = JSON.parse(readFileSync(baseline, 'utf8')) as { format: string };
  assert.equal(stored.format, 'keywatch-fim-baseline/1');

  const quiet = keywatch(['fim', 'scan', '--baseline', baseline, tree]);
  assert.equal(quiet.status, 0, quiet.stderr);
  assert.equal(quiet.stdout, '');

  writeFileSync(join(tree, 'kms.conf'), 'listen 5697\n');
  chmodSync(join(tree, 'ssl', 'ca.pem'), 0o666);
  execFileSync('setfacl', ['-m', 'u:nobody:rw', join(tree, 'ssl', 'ca.pem')]);
  rmSync(join(tree, 'old'));
  const changed = keywatch(['fim', 'scan', '--baseline', baseline, tree]);
  assert.equal(changed.status, 1, changed.stderr);
  const lines = changed.stdout
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as Record<string, unknown>);
  assert.deepEqual(lines, [
    { path: tree, change: 'attributes', attributes: ['mtime', 'ctime'] },
    { path: join(tree, 'kms.conf'), change: 'modified', attributes: ['sha256', 'mtime', 'ctime'] },
    { path: join(tree, 'old'), change: 'removed', attributes: [] },
    {
      path: join(tree, 'ssl', 'ca.pem'),
      change: 'attributes',
      attributes: ['mode', 'ctime', 'acl'],
    },
  ]);

  const updated = keywatch(['fim', 'scan', '--baseline', baseline, '--update', tree]);
  assert.equal(updated.status, 1, 'the updating run still reports what changed');
  assert.deepEqual(
    readdirSync(dir).sort(),
    ['baseline.json', 'etc'],
    'no temp or checkpoint file left',
  );
  const after = keywatch(['fim', 'scan', '--baseline', baseline, tree]);
  assert.equal(after.status, 0, after.stdout);
  assert.equal(existsSync(`${baseline}.checkpoint`), false);
});

test('fim scan --help documents the command; a corrupt baseline exits 2 and says what to do', (t) => {
  const help = keywatch(['fim', 'scan', '--help']);
  assert.equal(help.status, 0);
  assert.match(help.stdout, /--baseline <file>/);
  assert.match(help.stdout, /--update/);
  const dir = mkdtempSync(join(tmpdir(), 'kw-fim-cli-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  writeFileSync(join(dir, 'b.json'), '{not json');
  const bad = keywatch(['fim', 'scan', '--baseline', join(dir, 'b.json'), dir]);
  assert.equal(bad.status, 2);
  assert.match(bad.stderr, /not valid JSON; restore it or remove it/);
});

test('what the scan cannot read is reported and recorded as not hashed, never skipped silently', (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'kw-fim-cli-'));
  const tree = join(dir, 'tree');
  execFileSync('mkdir', ['-p', join(tree, 'private'), join(dir, 'out')]);
  writeFileSync(join(tree, 'private', 'x'), 'x');
  writeFileSync(join(tree, 'key.pem'), 'k');
  writeFileSync(join(tree, 'ok'), 'ok');
  const root = process.getuid!() === 0;
  // As root, run the scan as nobody over root's 0700/0600 paths; otherwise over mode-000 paths.
  chmodSync(dir, 0o755);
  chmodSync(tree, 0o755);
  chmodSync(join(tree, 'private'), root ? 0o700 : 0o000);
  chmodSync(join(tree, 'key.pem'), root ? 0o600 : 0o000);
  if (root) execFileSync('chown', ['nobody', join(dir, 'out')]);
  t.after(() => {
    chmodSync(join(tree, 'private'), 0o700);
    rmSync(dir, { recursive: true, force: true });
  });
  const baseline = join(dir, 'out', 'b.json');
  const r = spawnSync(
    process.execPath,
    [cliBin, 'fim', 'scan', '--no-progress', '--baseline', baseline, tree],
    {
      encoding: 'utf8',
      env: { ...process.env, HOME: join(dir, 'out') },
      ...(root && { uid: 65534, gid: 65534 }),
    },
  );
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stderr, new RegExp(`unreadable: ${join(tree, 'key.pem')} \\(EACCES\\)`));
  assert.match(r.stderr, new RegExp(`unreadable: ${join(tree, 'private')} \\(EACCES\\)`));
  const stored = JSON.parse(readFileSync(baseline, 'utf8')) as {
    entries: Record<string, { hashState: string }>;
  };
  assert.equal(stored.entries[join(tree, 'key.pem')]?.hashState, 'not_hashed_unreadable');
  assert.equal(stored.entries[join(tree, 'ok')]?.hashState, 'hashed');
});
