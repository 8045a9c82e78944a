// The real-time watcher holds one inotify watch per directory, none per file (a watch per file
// cost about 2 KiB of heap each: 40 MB for 20,000 files, bench/agent-idle.ts), and still hears a
// write, a chmod and a new file in every directory, a file in a new subdirectory, and a root
// that is itself a file.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { FimWatcher, parseFimPolicy } from '@keywatch/agent';
import { heardPaths } from './heard-paths.ts';

const watches = () => process.getActiveResourcesInfo().filter((r) => r === 'FSEventWrap').length;

for (const groupEntries of [1, 256])
  test(`one watch per directory, and every kind of change in them is heard (groups of ${groupEntries} entries)`, async (t) => {
    const dir = mkdtempSync(join(tmpdir(), 'kw-watch-'));
    const lone = join(mkdtempSync(join(tmpdir(), 'kw-watch-file-')), 'vault.hcl');
    writeFileSync(lone, 'storage "raft" {}\n');
    for (let d = 0; d < 3; d++) {
      mkdirSync(join(dir, `d${d}`));
      for (let f = 0; f < 40; f++) writeFileSync(join(dir, `d${d}`, `f${f}.conf`), `${d}/${f}`);
    }
    const { heard, expect } = heardPaths();
    await sleep(100); // the watches of a test before are closed
    const before = watches();
    const w = new FimWatcher(
      parseFimPolicy({ paths: [dir, lone] }),
      {
        onPaths: (paths) => paths.forEach((p) => heard.add(p)),
        onFullRescan: () => undefined,
        onIssue: (i) => assert.fail(`unexpected issue ${i.kind} ${i.detail}`),
      },
      { debounceMs: 20, groupEntries },
    );
    t.after(async () => {
      await w.close();
      rmSync(dir, { recursive: true, force: true });
      rmSync(lone, { force: true });
    });
    await w.ready;
    const held = watches() - before;
    assert.ok(held >= 4 && held <= 6, `${held} watches for 4 directories, 1 file root, 120 files`);

    await expect(join(dir, 'd1', 'f7.conf'), () => writeFileSync(join(dir, 'd1', 'f7.conf'), 'x'));
    await expect(join(dir, 'd2', 'f3.conf'), () => chmodSync(join(dir, 'd2', 'f3.conf'), 0o600));
    await expect(join(dir, 'd0', 'new.conf'), () =>
      writeFileSync(join(dir, 'd0', 'new.conf'), 'n'),
    );
    await expect(lone, () => writeFileSync(lone, 'storage "file" {}\n'));
    /** Until the watcher holds `n` watches more than at first (a new directory's is added). */
    const holding = async (n: number) => {
      const end = Date.now() + 5000;
      while (watches() - before !== held + n) {
        if (Date.now() > end) assert.fail(`${watches() - before - held} new watches, not ${n}`);
        await sleep(20);
      }
    };
    mkdirSync(join(dir, 'd9'));
    await holding(1);
    await expect(join(dir, 'd9', 'later.conf'), () =>
      writeFileSync(join(dir, 'd9', 'later.conf'), 'l'),
    );
    // Directories made at once, nested: each is watched (every directory is watched by name).
    mkdirSync(join(dir, 'n1', 'n2', 'n3'), { recursive: true });
    await holding(4);
    await expect(join(dir, 'n1', 'n2', 'n3', 'deep.conf'), () =>
      writeFileSync(join(dir, 'n1', 'n2', 'n3', 'deep.conf'), 'd'),
    );
    // A directory removed and made again at the same path is watched anew.
    rmSync(join(dir, 'd2'), { recursive: true });
    await holding(3);
    mkdirSync(join(dir, 'd2'));
    await holding(4);
    await expect(join(dir, 'd2', 'again.conf'), () =>
      writeFileSync(join(dir, 'd2', 'again.conf'), 'a'),
    );
    assert.equal(watches() - before, held + 4, 'd9, n1, n2 and n3 watched; d2 once, not twice');
  });
