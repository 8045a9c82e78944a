// The real-time watcher hands chokidar its directories a group at a time (fim/watch-groups.ts):
// every directory once, roots first, excluded ones and symlinked ones left out, groups of at
// least the asked number of entries but the last; a root that is a file or missing as it is.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GlobSet } from '../../src/fim/glob-pattern.ts';
import { treePaths, watchGroups } from '../../src/fim/watch-groups.ts';

test('directories come in groups of entries, each once, without excluded or symlinked ones', (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'kw-groups-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  for (let d = 0; d < 6; d++) {
    mkdirSync(join(dir, `d${d}`, 'sub'), { recursive: true });
    for (let f = 0; f < 9; f++) writeFileSync(join(dir, `d${d}`, `f${f}`), '');
  }
  mkdirSync(join(dir, 'skip', 'inner'), { recursive: true });
  symlinkSync(join(dir, 'd0'), join(dir, 'link'));
  const file = join(dir, 'd0', 'f0');
  const missing = join(dir, 'missing');
  const groups = [...watchGroups([dir, file, missing, dir], new GlobSet([join(dir, 'skip')]), 20)];
  const all = groups.flat();
  assert.equal(all[0], dir);
  assert.deepEqual(
    [...all].sort(),
    [
      dir,
      ...[0, 1, 2, 3, 4, 5].flatMap((d) => [join(dir, `d${d}`), join(dir, `d${d}`, 'sub')]),
      file,
      missing,
    ].sort(),
  );
  // Sizes (entries + 1): the root 9, each d 11, each sub 1, a file or missing root 1; a group
  // closes at 20: [root, d0], [sub, d1, sub, d2], [sub, d3, sub, d4], [sub, d5, sub, file, missing].
  assert.deepEqual(
    groups.map((g) => g.length),
    [2, 4, 4, 5],
  );
});

test('treePaths lists a tree once: symlinks as themselves, excluded paths and the limit respected', (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'kw-tree-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  mkdirSync(join(dir, 'a', 'b'), { recursive: true });
  writeFileSync(join(dir, 'a', 'b', 'k.pem'), '');
  mkdirSync(join(dir, 'skip'));
  writeFileSync(join(dir, 'skip', 'x'), '');
  symlinkSync(join(dir, 'a'), join(dir, 'link'));
  const exclude = new GlobSet([join(dir, 'skip')]);
  const all = treePaths(dir, exclude, 100).sort();
  assert.deepEqual(
    all,
    [
      dir,
      join(dir, 'a'),
      join(dir, 'a', 'b'),
      join(dir, 'a', 'b', 'k.pem'),
      join(dir, 'link'),
    ].sort(),
  );
  assert.equal(treePaths(dir, exclude, 2).length, 2);
  assert.deepEqual(treePaths(join(dir, 'a', 'b', 'k.pem'), exclude, 10), [
    join(dir, 'a', 'b', 'k.pem'),
  ]);
});
