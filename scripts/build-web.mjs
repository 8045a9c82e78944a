#!/usr/bin/env node
// Builds the web view (packages/web/dist) when it is missing or older than its sources, so that
// `npm start` on a fresh clone serves the UI and the browser tests never run a stale bundle.
// `--force` rebuilds anyway. Prints the bundle's gzipped size (the budget is 500 kB).
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
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
const built = existsSync(join(dist, 'index.html')) ? statSync(join(dist, 'index.html')).mtimeMs : 0;
const stale = process.argv.includes('--force') || Math.max(...sources.map(newest)) > built;
if (stale) {
  const vite = join(root, 'node_modules/vite/bin/vite.js');
  const r = spawnSync(process.execPath, [vite, 'build', '--logLevel', 'warn'], {
    cwd: web,
    stdio: 'inherit',
  });
  if (r.status !== 0) process.exit(r.status ?? 1);
}
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
