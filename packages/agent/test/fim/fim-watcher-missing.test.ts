// A policy root that does not exist when the agent starts is heard in real time once it appears:
// a key directory made later (with its parents, and files written at once), and a file root.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FimWatcher, parseFimPolicy } from '@keywatch/agent';
import { heardPaths } from './heard-paths.ts';

test('roots that appear after the start are watched, and what they already hold is heard', async (t) => {
  const base = mkdtempSync(join(tmpdir(), 'kw-watch-missing-'));
  const present = join(base, 'etc');
  mkdirSync(present);
  const keys = join(base, 'opt', 'kms', 'keys'); // neither opt nor kms exist yet
  const config = join(base, 'vault.hcl');
  const { heard, expect } = heardPaths();
  const w = new FimWatcher(
    parseFimPolicy({ paths: [present, keys, config] }),
    {
      onPaths: (paths) => paths.forEach((p) => heard.add(p)),
      onFullRescan: () => undefined,
      onIssue: (i) => assert.fail(`unexpected issue ${i.kind} ${i.detail}`),
    },
    { debounceMs: 20 },
  );
  t.after(async () => {
    await w.close();
    rmSync(base, { recursive: true, force: true });
  });
  await w.ready;
  // Made with its parents and a key written at once, before any watch on it could exist.
  await expect(join(keys, 'signing.pem'), () => {
    mkdirSync(keys, { recursive: true });
    writeFileSync(join(keys, 'signing.pem'), 'k1');
  });
  // From then on it is watched like any root: a later file, a change.
  await expect(join(keys, 'wrapping.pem'), () => writeFileSync(join(keys, 'wrapping.pem'), 'k2'));
  await expect(join(keys, 'signing.pem'), () => writeFileSync(join(keys, 'signing.pem'), 'k1b'));
  // Nothing on the way to a missing root is a trigger of its own: only the root and below.
  assert.ok(![...heard].some((p) => p === join(base, 'opt') || p === join(base, 'opt', 'kms')));
  // A file root.
  await expect(config, () => writeFileSync(config, 'storage "raft" {}\n'));
  await expect(config, () => writeFileSync(config, 'storage "file" {}\n'));
  // The root that was there all along still works.
  await expect(join(present, 'a.conf'), () => writeFileSync(join(present, 'a.conf'), 'a'));
});
