// CLI worker threads start from a JavaScript bundle of their TypeScript entry (worker-bundle.ts),
// so they run without tsx: the bundle must load and work in a bare `node`, npm packages included.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { workerEntry } from '../src/worker-bundle.ts';

test('the leaf-check worker bundle runs in a bare node, with no tsx and no TypeScript', async () => {
  const entry = await workerEntry(new URL('../src/verify/leaf-check-worker.ts', import.meta.url));
  assert.deepEqual(entry.execArgv, []);
  assert.match(entry.filename, /^file:.*\.mjs$/);
  // An empty chunk at 0 and a chunk whose first leaf is not the genesis entry: the worker's own
  // check answers both (better-sqlite3 and @keywatch/auditlog loaded from the bundle).
  const script = `
    const { default: check } = await import(${JSON.stringify(entry.filename)});
    const empty = check({ start: 0, count: 0, data: new Uint8Array(0), ends: new Uint32Array(0) });
    const leaf = new TextEncoder().encode('{"index":5}');
    const bad = check({ start: 5, count: 1, data: leaf, ends: Uint32Array.of(leaf.length) });
    console.log(JSON.stringify({ empty: empty.ok, bad: bad.ok, code: bad.code }));`;
  const out = execFileSync(process.execPath, ['--input-type=module', '-e', script], {
    env: { ...process.env, NODE_OPTIONS: '' },
    encoding: 'utf8',
  });
  const r = JSON.parse(out) as { empty: boolean; bad: boolean; code: string };
  assert.equal(r.empty, true);
  assert.equal(r.bad, false);
  assert.match(r.code, /^LEAF_/);
  assert.equal(
    await workerEntry(new URL('../src/verify/leaf-check-worker.ts', import.meta.url)),
    entry,
  );
});
