#!/usr/bin/env node
// Runs every *.test.ts under packages/ with node:test through tsx. Node 20's `node --test` does not
// expand globs, and `tsx --test` with no files runs nothing and exits 0, so we list the files here
// and fail when there are none. Pass path fragments to run a subset: `npm test -- auditlog`.
import { readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { spawnSync } from 'node:child_process';

const root = new URL('..', import.meta.url).pathname;
const files = [];
function walk(dir) {
  for (const name of readdirSync(dir)) {
    if (name === 'node_modules' || name === 'dist' || name.startsWith('.')) continue;
    const p = join(dir, name);
    if (statSync(p).isDirectory()) walk(p);
    else if (name.endsWith('.test.ts')) files.push(relative(root, p));
  }
}
walk(join(root, 'packages'));
const filters = process.argv.slice(2);
const selected = files
  .sort()
  .filter((f) => filters.length === 0 || filters.some((x) => f.includes(x)));
if (selected.length === 0) {
  console.error(`no test files found${filters.length ? ` for ${filters.join(' ')}` : ''}`);
  process.exit(1);
}
console.error(`running ${selected.length} test files`);
const r = spawnSync(
  process.execPath,
  ['--import', 'tsx', '--test', '--test-reporter=spec', '--test-concurrency=2', ...selected],
  { cwd: root, stdio: 'inherit' },
);
process.exit(r.status ?? 1);
