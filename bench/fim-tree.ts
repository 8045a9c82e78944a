// Makes the FIM benchmark tree: N files (default 20,000) with sizes log-uniform between 100 B and
// 1 MiB, 100 per directory, deterministic (seeded) so that every run hashes the same bytes.
//   node --import tsx bench/fim-tree.ts DIR [--files 20000]
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { join } from 'node:path';

export function makeFimTree(dir: string, files = 20_000): { files: number; bytes: number } {
  const marker = join(dir, '.complete');
  if (existsSync(marker))
    return JSON.parse(readFileSync(marker, 'utf8')) as { files: number; bytes: number };
  // A 2 MiB pool of pseudo-random bytes (SHA-256 in counter mode): files are slices of it at
  // varying offsets, so contents differ without generating 2 GB of randomness.
  const pool = Buffer.alloc(2 * 1024 * 1024);
  for (let i = 0; i < pool.length / 32; i++)
    createHash('sha256')
      .update(`pool-${i}`)
      .digest()
      .copy(pool, i * 32);
  let seed = 0x9e3779b9;
  const rand = (): number => {
    seed ^= seed << 13;
    seed ^= seed >>> 17;
    seed ^= seed << 5;
    return (seed >>> 0) / 2 ** 32;
  };
  let bytes = 0;
  for (let i = 0; i < files; i++) {
    const sub = join(dir, `d${String(Math.floor(i / 100)).padStart(4, '0')}`);
    if (i % 100 === 0) mkdirSync(sub, { recursive: true });
    const size = Math.round(100 * Math.exp(rand() * Math.log((1024 * 1024) / 100)));
    const off = Math.floor(rand() * (pool.length - size));
    writeFileSync(join(sub, `f${i}.bin`), pool.subarray(off, off + size));
    bytes += size;
  }
  const info = { files, bytes };
  writeFileSync(marker, JSON.stringify(info));
  return info;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const dir = process.argv[2];
  if (!dir) throw new Error('usage: fim-tree.ts DIR [--files N]');
  const n = process.argv.indexOf('--files');
  console.log(makeFimTree(dir, n > 0 ? Number(process.argv[n + 1]) : 20_000));
}
