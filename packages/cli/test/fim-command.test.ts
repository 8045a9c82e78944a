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
import { execFileSync } from 'node:child_process';
import { keywatch } from './cli-process.ts';

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
