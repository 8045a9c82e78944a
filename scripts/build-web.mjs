#!/usr/bin/env node
// Builds the web view (packages/web/dist) when it is missing or older than its sources, so that
// `npm start` on a fresh clone serves the UI and the browser tests never run a stale bundle.
// `--force` rebuilds anyway. Prints the bundle's gzipped size (the budget is 500 kB).
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { gzipSync } from 'node:zlib';

const root = new URL('..', import.meta.url).pathname;
const web = join(root, 'packages/web');
const dist = join(web, 'dist');

function newest(path) {
  const s = statSync(path);
  if (!s.isDirectory()) return s.mtimeMs;
  return Math.max(0, ...readdirSync(path).map((n) => newest(join(path, n))));
}

const sources = ['src', 'index.html', 'vite.config.ts', 'package.json'].map((p) => join(web, p));
const isStale = () => {
  const index = join(dist, 'index.html');
  const built = existsSync(index) ? statSync(index).mtimeMs : 0;
  return Math.max(...sources.map(newest)) > built;
};

// Test files run in parallel and each asks for the bundle: one builds, the others wait for it
// (a second `vite build` would empty dist/ under a server that is reading it).
const lock = join(web, '.dist-build.lock');
function withLock(fn) {
  const until = Date.now() + 120_000;
  for (;;) {
    try {
      mkdirSync(lock);
      break;
    } catch {
      if (Date.now() > until) rmSync(lock, { recursive: true, force: true }); // a crashed builder
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 100);
    }
  }
  try {
    return fn();
  } finally {
    rmSync(lock, { recursive: true, force: true });
  }
}

const stale = withLock(() => {
  const needed = process.argv.includes('--force') || isStale();
  if (needed) {
    const vite = join(root, 'node_modules/vite/bin/vite.js');
    const r = spawnSync(process.execPath, [vite, 'build', '--logLevel', 'warn'], {
      cwd: web,
      stdio: 'inherit',
    });
    if (r.status !== 0) throw new Error(`vite build failed (exit ${r.status})`); // finally frees the lock
  }
  return needed;
});
let raw = 0;
let gz = 0;
for (const dir of [dist, join(dist, 'assets')]) {
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) continue;
    const bytes = readFileSync(p);
    raw += bytes.length;
    gz += gzipSync(bytes, { level: 9 }).length;
  }
}
console.error(
  `web bundle ${stale ? 'built' : 'up to date'}: ${(raw / 1024).toFixed(1)} kB, ${(gz / 1024).toFixed(1)} kB gzipped (budget 500 kB)`,
);
if (gz > 500 * 1024) process.exit(1);
