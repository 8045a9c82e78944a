// An operator may start keywatch with node's own flags (GC tracing, heap sizes). Worker threads
// (detection, verify) must still start: node refuses such flags in a worker's execArgv.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';

const bin = new URL('../bin/keywatch.mjs', import.meta.url).pathname;
const dir = mkdtempSync(join(tmpdir(), 'kw-node-flags-'));
after(() => rmSync(dir, { recursive: true, force: true }));

test('import into a data dir and verify it, under node --trace-gc --max-semi-space-size=16', () => {
  const file = join(dir, 'events.ndjson');
  const event = (i: number) =>
    JSON.stringify({
      id: `flags-${i}`,
      time: '2026-11-28T14:03:07.123Z',
      type: 'crypto.decrypt',
      outcome: 'success',
      actor: { id: 'svc-1' },
    });
  writeFileSync(file, [0, 1, 2].map(event).join('\n') + '\n');
  const run = (args: string[]) =>
    spawnSync(process.execPath, ['--trace-gc', '--max-semi-space-size=16', bin, ...args], {
      encoding: 'utf8',
      timeout: 120_000,
    });
  const dataDir = join(dir, 'data');
  const imported = run(['import', '--format', 'native', '--data-dir', dataDir, file]);
  assert.equal(imported.status, 0, imported.stderr);
  assert.doesNotMatch(imported.stderr, /ERR_WORKER_INVALID_EXEC_ARGV/);
  const verified = run(['verify', '--data-dir', dataDir]);
  assert.equal(verified.status, 0, verified.stderr + verified.stdout);
});
