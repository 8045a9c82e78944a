// chokidar as a trigger: a write is reported without waiting for the schedule; a burst past the
// queue bound becomes a coverage event and a full rescan; watcher errors (ENOSPC: the inotify
// watch limit) become coverage issues; a size cap shows in health() and is reported once.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { FimModule, FimWatcher, parseFimPolicy, type CoverageIssue } from '@keywatch/agent';
import type { NativeEvent } from '@keywatch/protocol';
import { fakeContext } from './fake-agent-context.ts';
import { run, tempTree } from './fim-fixtures.ts';

async function until(
  events: NativeEvent[],
  pred: (e: NativeEvent[]) => boolean,
  ms = 8000,
): Promise<void> {
  const end = Date.now() + ms;
  while (!pred(events)) {
    if (Date.now() > end)
      throw new Error(`timed out; events: ${events.map((e) => e.type).join(', ')}`);
    await sleep(25);
  }
}

test('a write triggers a targeted rescan; a burst past the queue bound forces a full rescan', async (t) => {
  const { dir, cleanup } = tempTree({ 'a.conf': 'one', 'big.bin': 'x'.repeat(4096) });
  const ctx = fakeContext();
  const fim = new FimModule();
  t.after(async () => {
    await fim.stop();
    cleanup();
    rmSync(ctx.stateDir, { recursive: true, force: true });
  });
  await fim.start(ctx, {
    paths: [dir],
    scanIntervalSec: 3600, // the schedule never fires during the test: only triggers do
    maxFileSize: 1024,
    realtimeQueueMax: 5,
    dpkg: { enabled: false },
  });
  await fim.whenIdle();
  await fim.watching();
  const first = ctx.take();
  assert.deepEqual(first.map((e) => e.type).sort(), ['fim.baseline_created', 'fim.coverage_gap']);
  assert.equal(first.find((e) => e.type === 'fim.coverage_gap')?.detail?.['kind'], 'size_cap');

  writeFileSync(join(dir, 'a.conf'), 'two');
  await until(ctx.events, (ev) => ev.some((e) => e.type === 'fim.modified'));
  await fim.whenIdle();
  assert.deepEqual(
    ctx.take().map((e) => [e.type, e.target?.id]),
    [['fim.modified', join(dir, 'a.conf')]],
  );
  assert.equal((fim.health()['scans'] as { targeted: number }).targeted >= 1, true);

  run('setfattr', '-n', 'user.tag', '-v', 'x', join(dir, 'a.conf')); // inotify IN_ATTRIB
  await until(ctx.events, (ev) => ev.some((e) => e.type === 'fim.attributes_changed'));
  await fim.whenIdle();
  assert.deepEqual(
    ctx.take().map((e) => [e.type, e.target?.id]),
    [['fim.attributes_changed', join(dir, 'a.conf')]],
  );

  for (let i = 0; i < 12; i++) writeFileSync(join(dir, `burst-${i}`), String(i));
  await until(ctx.events, (ev) => ev.filter((e) => e.type === 'fim.added').length >= 12);
  await fim.whenIdle();
  const burst = ctx.take();
  const gap = burst.find((e) => e.type === 'fim.coverage_gap');
  assert.equal(gap?.detail?.['kind'], 'queue_overflow');
  assert.equal(
    new Set(burst.filter((e) => e.type === 'fim.added').map((e) => e.target?.id)).size,
    12,
  );
  const health = fim.health();
  assert.deepEqual(Object.keys(health['coverage'] as object).sort(), [
    'queue_overflow',
    'size_cap',
  ]);
  assert.equal(health['watching'], true);
  assert.equal(
    burst.filter((e) => e.detail?.['kind'] === 'size_cap').length,
    0,
    'the cap is reported once',
  );
});

test('watcher errors map onto coverage issues: ENOSPC is the watch limit, EACCES an unreadable path', async (t) => {
  const { dir, cleanup } = tempTree({ f: '1' });
  const issues: CoverageIssue[] = [];
  const w = new FimWatcher(parseFimPolicy({ paths: [dir] }), {
    onPaths: () => {},
    onFullRescan: () => {},
    onIssue: (i) => issues.push(i),
  });
  t.after(async () => {
    await w.close();
    cleanup();
  });
  await w.ready;
  const err = (code: string): NodeJS.ErrnoException =>
    Object.assign(new Error(`${code}: watch ${dir}`), { code, path: dir });
  w.handleError(err('ENOSPC'));
  w.handleError(err('EACCES'));
  w.handleError(err('EMFILE'));
  assert.deepEqual(
    issues.map((i) => i.kind),
    ['watch_limit', 'unreadable', 'watch_error'],
  );
  assert.match(issues[0]!.detail, /max_user_watches/);
});
