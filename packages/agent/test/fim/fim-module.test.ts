// The FIM agent module with a fake AgentContext over a real directory: each kind of change
// (content, mode, owner, ACL, xattr) produces exactly the expected event, with before/after.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { chmodSync, chownSync, existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { FimModule, FimScanner, ScanCheckpoint, parseFimPolicy } from '@keywatch/agent';
import type { NativeEvent } from '@keywatch/protocol';
import { fakeContext } from './fake-agent-context.ts';
import { isRoot, run, sha256, tempTree } from './fim-fixtures.ts';

const brief = (events: NativeEvent[]) =>
  events.map((e) => [
    e.type,
    e.target?.id,
    (e.detail?.['attributes'] as string[] | undefined)?.join(','),
  ]);

test('content, mode, owner, ACL and xattr changes each produce exactly one event', async (t) => {
  const { dir, cleanup } = tempTree({ 'kms.conf': 'slot = 1\n', 'ca.pem': 'CA' });
  const ctx = fakeContext();
  const fim = new FimModule();
  t.after(async () => {
    await fim.stop();
    cleanup();
    rmSync(ctx.stateDir, { recursive: true, force: true });
  });
  await fim.start(ctx, { paths: [dir], realtime: false, dpkg: { enabled: false } });
  await fim.whenIdle();
  assert.deepEqual(
    ctx.take().map((e) => e.type),
    ['fim.baseline_created'],
  );
  assert.equal(fim.getBaseline()!.size, 3);
  const conf = join(dir, 'kms.conf');

  writeFileSync(conf, 'slot = 2\n');
  await fim.scanNow();
  const [mod, ...rest] = ctx.take();
  assert.deepEqual(rest, []);
  assert.equal(mod?.type, 'fim.modified');
  assert.equal(mod?.target?.id, conf);
  assert.equal((mod?.detail?.['before'] as { sha256: string }).sha256, sha256('slot = 1\n'));
  assert.equal((mod?.detail?.['after'] as { sha256: string }).sha256, sha256('slot = 2\n'));

  chmodSync(conf, 0o600);
  await fim.scanNow();
  assert.deepEqual(brief(ctx.take()), [['fim.attributes_changed', conf, 'mode,ctime']]);

  if (isRoot) {
    chownSync(conf, 65534, 65534);
    await fim.scanNow();
    const [own, ...none] = ctx.take();
    assert.deepEqual(brief([own!]), [['fim.attributes_changed', conf, 'uid,gid,ctime']]);
    assert.deepEqual(none, []);
    assert.equal((own?.detail?.['after'] as { uid: number }).uid, 65534);
  }

  // On a 0600 file the ACL's mask (r--) becomes the group bits: the mode changes with it.
  run('setfacl', '-m', 'u:nobody:r', conf);
  await fim.scanNow();
  const [acl, ...noAcl] = ctx.take();
  assert.deepEqual(brief([acl!]), [['fim.attributes_changed', conf, 'mode,ctime,acl']]);
  assert.deepEqual(noAcl, []);
  assert.match((acl?.detail?.['after'] as { acl: string }).acl, /^user:65534:r--$/m);

  run('setfattr', '-n', 'user.x', '-v', 'tag', conf);
  await fim.scanNow();
  const [xa, ...noXa] = ctx.take();
  assert.deepEqual(brief([xa!]), [['fim.attributes_changed', conf, 'ctime,xattrs']]);
  assert.deepEqual(noXa, []);
  assert.deepEqual((xa?.detail?.['after'] as { xattrs: unknown }).xattrs, {
    'user.x': Buffer.from('tag').toString('hex'),
  });

  await fim.scanNow();
  assert.deepEqual(
    ctx.take(),
    [],
    'an unchanged tree reports nothing, and a change is reported once',
  );
  assert.equal((fim.health()['changes'] as Record<string, number>)['attributes'], isRoot ? 4 : 3);
});

test('many changes in one scan add one critical fim.pervasive_change; allow-listed files carry a redacted diff', async (t) => {
  const files = Object.fromEntries(Array.from({ length: 6 }, (_, i) => [`f${i}`, `v1 ${i}`]));
  const { dir, cleanup } = tempTree({
    ...files,
    'vault.hcl': 'storage "raft" {}\npassword = "hunter2"\n',
  });
  const ctx = fakeContext();
  const fim = new FimModule();
  t.after(async () => {
    await fim.stop();
    cleanup();
    rmSync(ctx.stateDir, { recursive: true, force: true });
  });
  await fim.start(ctx, {
    paths: [dir],
    realtime: false,
    pervasiveThreshold: 5,
    diff: { paths: ['**/*.hcl'] },
    dpkg: { enabled: false },
  });
  await fim.whenIdle();
  ctx.take();
  writeFileSync(
    join(dir, 'vault.hcl'),
    'storage "raft" {}\npassword = "s3cr3t-new"\nlisten = 8200\n',
  );
  await fim.scanNow();
  const diffEvent = ctx.take().find((e) => e.target?.id === join(dir, 'vault.hcl'));
  const diff = diffEvent?.detail?.['diff'] as string;
  assert.match(
    diff,
    /^ storage "raft" \{\}\n-password = "\[redacted [0-9a-f]{8}\]"\n\+password = "\[redacted [0-9a-f]{8}\]"\n\+listen = 8200\n $/,
  );
  assert.doesNotMatch(JSON.stringify(ctx.events), /hunter2|s3cr3t/);

  for (let i = 0; i < 6; i++) writeFileSync(join(dir, `f${i}`), `v2 ${i}`);
  await fim.scanNow();
  const events = ctx.take();
  assert.equal(events.filter((e) => e.type === 'fim.modified').length, 6);
  const pervasive = events.filter((e) => e.type === 'fim.pervasive_change');
  assert.equal(pervasive.length, 1);
  assert.equal(pervasive[0]?.severity, 'critical');
  assert.equal(pervasive[0]?.detail?.['count'], 6);
});

test('a change that dpkg explains (md5sums match, package in the log window) is marked so', async (t) => {
  const { dir, cleanup } = tempTree({
    'usr/bin/kmsd': 'v1',
    'usr/bin/kmsctl': 'v1',
    'dpkg/info/x': '',
  });
  const ctx = fakeContext();
  const fim = new FimModule();
  t.after(async () => {
    await fim.stop();
    cleanup();
    rmSync(ctx.stateDir, { recursive: true, force: true });
  });
  const md5 = (s: string) => run('sh', '-c', `printf %s '${s}' | md5sum`).slice(0, 32);
  const rel = (p: string) => join(dir, p).slice(1);
  writeFileSync(
    join(dir, 'dpkg/info/kms-server:amd64.md5sums'),
    `${md5('v2')}  ${rel('usr/bin/kmsd')}\n${md5('v2')}  ${rel('usr/bin/kmsctl')}\n`,
  );
  const now = new Date();
  const pad = (n: number) => String(n).padStart(2, '0');
  const stamp = `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())} ${pad(now.getHours())}:${pad(now.getMinutes())}:${pad(now.getSeconds())}`;
  writeFileSync(
    join(dir, 'dpkg/dpkg.log'),
    `${stamp} upgrade kms-server:amd64 1.0-1 1.1-1\n${stamp} status installed kms-server:amd64 1.1-1\n`,
  );
  await fim.start(ctx, {
    paths: [join(dir, 'usr')],
    realtime: false,
    dpkg: { infoDir: join(dir, 'dpkg/info'), logPath: join(dir, 'dpkg/dpkg.log'), windowSec: 600 },
  });
  await fim.whenIdle();
  ctx.take();
  writeFileSync(join(dir, 'usr/bin/kmsd'), 'v2'); // what the package ships
  writeFileSync(join(dir, 'usr/bin/kmsctl'), 'evil'); // not what the package ships
  await fim.scanNow();
  const byPath = new Map(ctx.take().map((e) => [e.target?.id, e]));
  const kmsd = byPath.get(join(dir, 'usr/bin/kmsd'));
  assert.equal(kmsd?.detail?.['explained_by'], 'dpkg');
  assert.equal((kmsd?.detail?.['dpkg'] as { package: string }).package, 'kms-server');
  assert.equal(kmsd?.severity, 'info');
  const kmsctl = byPath.get(join(dir, 'usr/bin/kmsctl'));
  assert.equal(kmsctl?.detail?.['explained_by'], undefined);
  assert.equal(kmsctl?.severity, 'high');
});

test('restore through the module emits fim.restored, and the restored file is not reported as a change', async (t) => {
  const { dir, cleanup } = tempTree({
    'pkcs11.conf': 'module = /usr/lib/softhsm/libsofthsm2.so\n',
  });
  const ctx = fakeContext();
  const fim = new FimModule();
  t.after(async () => {
    await fim.stop();
    cleanup();
    rmSync(ctx.stateDir, { recursive: true, force: true });
  });
  await fim.start(ctx, { paths: [dir], realtime: false, dpkg: { enabled: false } });
  await fim.whenIdle();
  ctx.take();
  const target = join(dir, 'pkcs11.conf');
  // The runtime would fetch these from the server's store.
  const known = structuredClone(fim.getBaseline()!.get(target)!);
  const content = Buffer.from('module = /usr/lib/softhsm/libsofthsm2.so\n');
  writeFileSync(target, 'module = /tmp/evil.so\n');
  await fim.scanNow();
  assert.deepEqual(
    ctx.take().map((e) => e.type),
    ['fim.modified'],
  );
  const r = await fim.restore(target, { content, attributes: known });
  const [restored, ...none] = ctx.take();
  assert.deepEqual(none, []);
  assert.equal(restored?.type, 'fim.restored');
  assert.equal(restored?.detail?.['verified'], true);
  assert.equal(
    (restored?.detail?.['quarantined'] as { sha256: string }).sha256,
    sha256('module = /tmp/evil.so\n'),
  );
  assert.equal(r.sha256, known.sha256);
  await fim.scanNow();
  const after = ctx.take().filter((e) => e.target?.id === target);
  assert.deepEqual(after, [], 'the restored file matches the state the module recorded');
});

test('a baseline adopted with setBaseline is what the next scan compares with', async (t) => {
  const { dir, cleanup } = tempTree({ a: '1', b: '2' });
  const ctx = fakeContext();
  const fim = new FimModule();
  t.after(async () => {
    await fim.stop();
    cleanup();
    rmSync(ctx.stateDir, { recursive: true, force: true });
  });
  await fim.start(ctx, { paths: [dir], realtime: false, dpkg: { enabled: false } });
  await fim.whenIdle();
  ctx.take();
  const server = JSON.parse(JSON.stringify(fim.getBaseline())) as Record<string, unknown>;
  const entries = server['entries'] as Record<string, { sha256?: string }>;
  entries[join(dir, 'a')]!.sha256 = '0'.repeat(64); // the server's approved content differs
  await fim.setBaseline(server);
  await fim.scanNow();
  assert.deepEqual(brief(ctx.take()), [['fim.modified', join(dir, 'a'), 'sha256']]);
  await assert.rejects(fim.setBaseline({ format: 'other' }), /not a keywatch-fim-baseline\/1/);
});

test('after a restart the module resumes from the checkpoint its interrupted scan left', async (t) => {
  const { dir, cleanup } = tempTree(
    Object.fromEntries(Array.from({ length: 8 }, (_, i) => [`f${i}`, `${i}`])),
  );
  const ctx = fakeContext();
  t.after(() => {
    cleanup();
    rmSync(ctx.stateDir, { recursive: true, force: true });
  });
  // What the previous run's first scan had finished when the agent was killed: 5 files.
  const scanner = new FimScanner(parseFimPolicy({ paths: [dir] }));
  const done = await scanner.scan().finally(() => scanner.close());
  mkdirSync(join(ctx.stateDir, 'fim'), { recursive: true });
  const cp = new ScanCheckpoint(join(ctx.stateDir, 'fim', 'scan.checkpoint'));
  [...done.entries].filter(([p]) => /f[0-4]$/.test(p)).forEach(([p, r]) => cp.add(p, r));
  cp.close();
  const fim = new FimModule();
  await fim.start(ctx, { paths: [dir], realtime: false, dpkg: { enabled: false } });
  await fim.whenIdle();
  await fim.stop();
  const last = fim.health()['lastScan'] as { resumed: number; hashed: number };
  assert.equal(last.resumed, 5);
  assert.equal(last.hashed, 3, 'only the files the interrupted scan had not finished');
  assert.equal(existsSync(cp.path), false);
  assert.deepEqual(
    ctx.events.map((e) => e.type),
    ['fim.baseline_created'],
  );
});
