// The scanner on real files: every attribute recorded, every kind of change found, the quick
// check skipping unchanged files (and catching content changes that keep size and mtime), the
// size cap, symlinked roots, globs and exclusions.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  chmodSync,
  existsSync,
  mkdirSync,
  rmSync,
  symlinkSync,
  utimesSync,
  writeFileSync,
  statSync,
} from 'node:fs';
import { join } from 'node:path';
import {
  ScanCheckpoint,
  FimScanner,
  diffEntries,
  makeBaseline,
  parseFimPolicy,
  type FimPolicy,
} from '@keywatch/agent';
import { isRoot, run, sha256, tempTree } from './fim-fixtures.ts';

async function scan(
  policy: FimPolicy,
  previous?: ReturnType<typeof makeBaseline>,
  fullRehash = false,
) {
  const s = new FimScanner(policy);
  try {
    return await s.scan({ previous, fullRehash });
  } finally {
    await s.close();
  }
}

test('records content hash, size, mode, owner, ns times, inode, link target, ACL and xattrs', async (t) => {
  const { dir, cleanup } = tempTree({ 'a.conf': 'alpha\n', 'sub/b.key': 'bravo' });
  t.after(cleanup);
  symlinkSync('a.conf', join(dir, 'link'));
  run('setfacl', '-m', 'u:nobody:r', join(dir, 'a.conf'));
  run('setfattr', '-n', 'user.origin', '-v', 'kms', join(dir, 'sub/b.key'));
  chmodSync(join(dir, 'sub/b.key'), 0o640);
  const r = await scan(parseFimPolicy({ paths: [dir] }));
  const a = r.entries.get(join(dir, 'a.conf'))!;
  const b = r.entries.get(join(dir, 'sub/b.key'))!;
  const st = statSync(join(dir, 'sub/b.key'), { bigint: true });
  assert.equal(a.sha256, sha256('alpha\n'));
  assert.equal(a.hashState, 'hashed');
  assert.match(a.acl ?? '', /^user:65534:r--$/m);
  assert.equal(a.xattrs, undefined, 'the ACL is not repeated as an xattr');
  assert.equal(b.size, 5);
  assert.equal(b.mode, 0o640);
  assert.equal(b.uid, process.getuid!());
  assert.equal(b.mtimeNs, st.mtimeNs.toString());
  assert.equal(b.ctimeNs, st.ctimeNs.toString());
  assert.equal(b.ino, st.ino.toString());
  assert.equal(b.dev, st.dev.toString());
  assert.deepEqual(b.xattrs, { 'user.origin': Buffer.from('kms').toString('hex') });
  assert.equal(r.entries.get(join(dir, 'link'))?.linkTarget, 'a.conf');
  if (isRoot) {
    // File capabilities and trusted.* are xattrs too (writing them needs root).
    const cap = '0100000200040000000000000000000000000000'; // cap_net_bind_service+ep
    run('setfattr', '-n', 'security.capability', '-v', `0x${cap}`, join(dir, 'a.conf'));
    run('setfattr', '-n', 'trusted.kw', '-v', 't', join(dir, 'a.conf'));
    const again = await scan(parseFimPolicy({ paths: [join(dir, 'a.conf')] }));
    const x = again.entries.get(join(dir, 'a.conf'))?.xattrs ?? {};
    assert.equal(x['security.capability'], cap);
    assert.equal(x['trusted.kw'], Buffer.from('t').toString('hex'));
  }
  assert.equal(r.entries.get(join(dir, 'sub'))?.type, 'directory');
});

test('finds added, removed, modified, attributes and type changes, naming the attributes', async (t) => {
  const { dir, cleanup } = tempTree({
    keep: 'k',
    gone: 'g',
    edit: 'e1',
    perm: 'p',
    kind: 'x',
    x: 'x',
  });
  t.after(cleanup);
  const policy = parseFimPolicy({ paths: [dir] });
  const before = makeBaseline((await scan(policy)).entries, '');
  const dirTimes = statSync(dir);
  rmSync(join(dir, 'gone'));
  writeFileSync(join(dir, 'edit'), 'e2');
  chmodSync(join(dir, 'perm'), 0o600);
  rmSync(join(dir, 'kind'));
  mkdirSync(join(dir, 'kind'));
  writeFileSync(join(dir, 'new'), 'n');
  run('setfattr', '-n', 'user.tag', '-v', '1', join(dir, 'x'));
  utimesSync(dir, dirTimes.atime, dirTimes.mtime); // the root's own mtime is not under test
  const after = (await scan(policy, before)).entries;
  const changes = diffEntries(before.entries, Object.fromEntries(after), policy.attributes)
    .filter((c) => c.path !== dir)
    .map((c) => [c.path.slice(dir.length + 1), c.change, c.attributes.join(',')]);
  assert.deepEqual(changes, [
    ['edit', 'modified', 'sha256,mtime,ctime'],
    ['gone', 'removed', ''],
    ['kind', 'type', changes.find((c) => c[0] === 'kind')![2]],
    ['new', 'added', ''],
    ['perm', 'attributes', 'mode,ctime'],
    ['x', 'attributes', 'ctime,xattrs'],
  ]);
  assert.match(changes.find((c) => c[0] === 'kind')![2]!, /^type,/);
});

test('a rescan re-hashes nothing unchanged, yet catches new content with the same size and mtime', async (t) => {
  const { dir, cleanup } = tempTree({ a: 'same-size-1', b: 'bbb', c: 'ccc' });
  t.after(cleanup);
  const policy = parseFimPolicy({ paths: [dir] });
  utimesSync(join(dir, 'a'), 1_700_000_000, 1_700_000_000); // whole seconds: utimes can repeat them
  const first = await scan(policy);
  assert.equal(first.stats.hashed, 3);
  const base = makeBaseline(first.entries, '');
  const quiet = await scan(policy, base);
  assert.equal(quiet.stats.hashed, 0);
  assert.equal(quiet.stats.reused, 4);
  writeFileSync(join(dir, 'a'), 'same-size-2');
  utimesSync(join(dir, 'a'), 1_700_000_000, 1_700_000_000); // forge mtime: ctime still moves
  const again = await scan(policy, base);
  assert.equal(again.stats.hashed, 1);
  const ch = diffEntries(base.entries, Object.fromEntries(again.entries), policy.attributes);
  assert.deepEqual(
    ch.map((c) => [c.path, c.change, c.attributes]),
    [[join(dir, 'a'), 'modified', ['sha256', 'ctime']]],
  );
  const full = await scan(policy, base, true);
  assert.equal(full.stats.hashed, 3, 'the slow cycle re-hashes every file');
});

test('files over the size cap are recorded as not hashed and reported', async (t) => {
  const { dir, cleanup } = tempTree({ small: 'x', big: 'y'.repeat(5000) });
  t.after(cleanup);
  const r = await scan(parseFimPolicy({ paths: [dir], maxFileSize: 1000 }));
  assert.equal(r.entries.get(join(dir, 'big'))?.hashState, 'not_hashed_size_cap');
  assert.equal(r.entries.get(join(dir, 'big'))?.sha256, undefined);
  assert.equal(r.entries.get(join(dir, 'small'))?.hashState, 'hashed');
  assert.deepEqual(
    r.issues.map((i) => [i.kind, i.path]),
    [['size_cap', join(dir, 'big')]],
  );
});

test('a symlinked root (usrmerge /bin) is followed and reported, or reported when not followed', async (t) => {
  const { dir, cleanup } = tempTree({ 'usr/bin/ls': 'ls' });
  t.after(cleanup);
  symlinkSync('usr/bin', join(dir, 'bin'));
  const followed = await scan(parseFimPolicy({ paths: [join(dir, 'bin')] }));
  assert.equal(followed.entries.get(join(dir, 'bin'))?.type, 'symlink');
  assert.equal(followed.entries.get(join(dir, 'usr/bin/ls'))?.sha256, sha256('ls'));
  assert.deepEqual(
    followed.issues.map((i) => i.kind),
    ['symlink_root_followed'],
  );
  const notFollowed = await scan(
    parseFimPolicy({ paths: [join(dir, 'bin')], followSymlinkRoots: false }),
  );
  assert.deepEqual([...notFollowed.entries.keys()], [join(dir, 'bin')]);
  assert.deepEqual(
    notFollowed.issues.map((i) => i.kind),
    ['symlink_root_not_followed'],
  );
  const missing = await scan(parseFimPolicy({ paths: [join(dir, 'nope')] }));
  assert.deepEqual(
    missing.issues.map((i) => i.kind),
    ['root_missing'],
  );
});

test('globs, exclusions and recursion depth select exactly the intended paths', async (t) => {
  const { dir, cleanup } = tempTree({
    'etc/a.conf': '1',
    'etc/b.txt': '2',
    'etc/deep/c.conf': '3',
    'etc/cache/d.conf': '4',
    'etc/skip.conf': '5',
  });
  t.after(cleanup);
  const rel = (r: Awaited<ReturnType<typeof scan>>) =>
    [...r.entries.keys()].map((p) => p.slice(dir.length + 1)).sort();
  assert.deepEqual(rel(await scan(parseFimPolicy({ paths: [`${dir}/etc/*.conf`] }))), [
    'etc/a.conf',
    'etc/skip.conf',
  ]);
  assert.deepEqual(
    rel(
      await scan(
        parseFimPolicy({
          paths: [`${dir}/etc/**/*.conf`],
          exclude: [`${dir}/etc/cache`, '**/skip.*'],
        }),
      ),
    ),
    ['etc/a.conf', 'etc/deep/c.conf'],
  );
  assert.deepEqual(
    rel(
      await scan(
        parseFimPolicy({
          paths: [{ path: `${dir}/etc`, recursive: 1, exclude: [`${dir}/etc/cache`] }],
        }),
      ),
    ),
    ['etc', 'etc/a.conf', 'etc/b.txt', 'etc/deep', 'etc/skip.conf'],
  );
});

test('a scan resumes from the checkpoint of an interrupted one and re-hashes only what changed since', async (t) => {
  const { dir, cleanup } = tempTree(
    Object.fromEntries(Array.from({ length: 20 }, (_, i) => [`f${i}`, `c${i}`])),
  );
  t.after(cleanup);
  const policy = parseFimPolicy({ paths: [dir] });
  const done = await scan(policy);
  // What an interrupted scan left: the first 10 files, checkpointed.
  const cp = new ScanCheckpoint(join(dir, '..', `${dir.split('/').pop()}.checkpoint`));
  t.after(() => rmSync(cp.path, { force: true }));
  [...done.entries].filter(([p]) => /\/f\d$/.test(p)).forEach(([p, r]) => cp.add(p, r));
  cp.close();
  writeFileSync(join(dir, 'f3'), 'changed after the interruption');
  const s = new FimScanner(policy);
  const resumed = await s
    .scan({ fullRehash: true, checkpointPath: cp.path })
    .finally(() => s.close());
  assert.equal(resumed.stats.resumed, 10);
  assert.equal(resumed.stats.hashed, 11, 'f3 (changed) and the 10 files not checkpointed');
  assert.equal(
    resumed.entries.get(join(dir, 'f3'))?.sha256,
    sha256('changed after the interruption'),
  );
  assert.equal(existsSync(cp.path), false, 'a completed scan removes its checkpoint');
});
