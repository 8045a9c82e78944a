// Restore returns a tampered file to its known-good content and attributes (owner, mode, an ACL,
// a user xattr), verified by re-stat and re-hash, and keeps the tampered version in quarantine.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { chmodSync, chownSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { FimError, FimScanner, parseFimPolicy, restoreFile } from '@keywatch/agent';
import { isRoot, run, sha256, tempTree } from './fim-fixtures.ts';

async function record(path: string) {
  const s = new FimScanner(parseFimPolicy({ paths: [path] }));
  try {
    return (await s.scan({ fullRehash: true })).entries.get(path)!;
  } finally {
    await s.close();
  }
}

test('a tampered file gets its content, mode, owner, ACL and xattrs back, verified', async (t) => {
  const { dir, cleanup } = tempTree({ 'etc/kms.hcl': 'seal "pkcs11" { slot = 1 }\n' });
  t.after(cleanup);
  const target = join(dir, 'etc/kms.hcl');
  chmodSync(target, 0o640);
  run('setfacl', '-m', 'u:nobody:r', target);
  run('setfattr', '-n', 'user.owner-team', '-v', 'crypto', target);
  const good = await record(target);
  const content = readFileSync(target);
  assert.ok(good.acl && good.xattrs, 'the fixture carries an ACL and an xattr');

  writeFileSync(target, 'seal "pkcs11" { slot = 9 }\n');
  chmodSync(target, 0o666);
  run('setfacl', '-m', 'u:nobody:rwx', target);
  run('setfattr', '-x', 'user.owner-team', target);
  run('setfattr', '-n', 'user.evil', '-v', '1', target);
  if (isRoot) chownSync(target, 65534, 65534);
  const tampered = await record(target);

  const q = join(dir, 'state/fim/quarantine');
  const r = await restoreFile(target, { content, attributes: good }, q);
  const now = await record(target);
  assert.equal(readFileSync(target, 'utf8'), 'seal "pkcs11" { slot = 1 }\n');
  for (const k of ['sha256', 'size', 'mode', 'uid', 'gid', 'acl', 'xattrs'] as const)
    assert.deepEqual(now[k], good[k], k);
  assert.equal(r.sha256, good.sha256);
  assert.equal(r.quarantined?.sha256, sha256('seal "pkcs11" { slot = 9 }\n'));
  assert.equal(readFileSync(r.quarantined.path, 'utf8'), 'seal "pkcs11" { slot = 9 }\n');
  assert.deepEqual(r.quarantined?.record.mode, tampered.mode);
  assert.deepEqual(readdirSync(join(dir, 'etc')), ['kms.hcl'], 'no temp file left behind');
});

test('content that does not match the recorded hash is refused before anything is written', async (t) => {
  const { dir, cleanup } = tempTree({ f: 'tampered' });
  t.after(cleanup);
  const target = join(dir, 'f');
  const rec = await record(target);
  await assert.rejects(
    restoreFile(
      target,
      { content: Buffer.from('not the known-good bytes'), attributes: rec },
      join(dir, 'q'),
    ),
    (e: unknown) => e instanceof FimError && e.code === 'RESTORE_FAILED',
  );
  assert.equal(readFileSync(target, 'utf8'), 'tampered');
  assert.deepEqual(readdirSync(dir), ['f']);
});
