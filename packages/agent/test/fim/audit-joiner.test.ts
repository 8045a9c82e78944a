// Who changed it: a change event carries the auditd record (auid, uid, pid, exe) that names the
// path; without a readable audit log, health() says who-data is unavailable and why.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { AuditJoiner, FimModule } from '@keywatch/agent';
import { fakeContext } from './fake-agent-context.ts';
import { tempTree } from './fim-fixtures.ts';

function auditLog(file: string, at: number, cwd: string): string {
  const id = `${at.toFixed(3)}:7001`;
  const old = `${(at - 7200).toFixed(3)}:6001`;
  return [
    `type=SYSCALL msg=audit(${old}): arch=c000003e syscall=257 success=yes exit=3 items=1 ppid=1 pid=11 auid=1002 uid=0 comm="old" exe="/usr/bin/old" key="kms_fim"`,
    `type=PATH msg=audit(${old}): item=0 name="${file}" inode=1 nametype=NORMAL`,
    `type=SYSCALL msg=audit(${id}): arch=c000003e syscall=257 success=yes exit=3 items=2 ppid=1 pid=4242 auid=1001 uid=0 gid=0 euid=0 tty=pts0 ses=12 comm="vi" exe="/usr/bin/vim.basic" key="kms_fim"`,
    `type=CWD msg=audit(${id}): cwd="${cwd}"`,
    `type=PATH msg=audit(${id}): item=0 name="${cwd}" inode=2 nametype=PARENT`,
    `type=PATH msg=audit(${id}): item=1 name="kms.conf" inode=3 nametype=NORMAL`,
    '',
  ].join('\n');
}

test('a change is joined with the latest audit record in the window that names the file', async (t) => {
  const { dir, cleanup } = tempTree({ 'etc/kms.conf': 'a' });
  const ctx = fakeContext();
  const fim = new FimModule();
  t.after(async () => {
    await fim.stop();
    cleanup();
    rmSync(ctx.stateDir, { recursive: true, force: true });
  });
  const log = join(dir, 'audit.log');
  const file = join(dir, 'etc/kms.conf');
  writeFileSync(log, auditLog(file, Date.now() / 1000, join(dir, 'etc')));
  await fim.start(ctx, {
    paths: [join(dir, 'etc')],
    realtime: false,
    dpkg: { enabled: false },
    audit: { logPath: log, windowSec: 600 },
  });
  await fim.whenIdle();
  ctx.take();
  assert.deepEqual(fim.health()['whoData'], { available: true, reason: 'ok' });
  writeFileSync(file, 'b');
  await fim.scanNow();
  const [e] = ctx.take();
  assert.equal(e?.type, 'fim.modified');
  assert.deepEqual(e?.actor, { id: 'auid:1001', type: 'user' });
  const who = e?.detail?.['who'] as Record<string, unknown>;
  assert.deepEqual(
    [who['auid'], who['uid'], who['pid'], who['exe'], who['comm'], who['key']],
    [1001, 0, 4242, '/usr/bin/vim.basic', 'vi', 'kms_fim'],
  );
});

test('without a readable audit log, who-data is reported unavailable with the reason', () => {
  const j = new AuditJoiner({ logPath: '/nonexistent/audit.log', windowSec: 60 });
  assert.equal(j.lookup(['/etc/x']).size, 0);
  assert.equal(j.available, false);
  assert.match(j.reason, /not readable \(is auditd running\?\)/);
});
