// Piscina worker: SHA-256 of one file, read in 1 MiB chunks into a buffer reused across tasks.
import { closeSync, openSync, readSync } from 'node:fs';
import { createHash } from 'node:crypto';

export interface HashTask {
  path: string;
}
export type HashResult = { ok: true; sha256: string; bytes: number } | { ok: false; error: string };

const buffer = Buffer.allocUnsafe(1024 * 1024);

export function hashFileSync(
  path: string,
  buf: Buffer = buffer,
): { sha256: string; bytes: number } {
  const fd = openSync(path, 'r');
  try {
    const h = createHash('sha256');
    let bytes = 0;
    for (;;) {
      const n = readSync(fd, buf, 0, buf.length, null);
      if (n === 0) break;
      h.update(n === buf.length ? buf : buf.subarray(0, n));
      bytes += n;
    }
    return { sha256: h.digest('hex'), bytes };
  } finally {
    closeSync(fd);
  }
}

export default function hashTask(task: HashTask): HashResult {
  try {
    return { ok: true, ...hashFileSync(task.path) };
  } catch (e) {
    return { ok: false, error: (e as NodeJS.ErrnoException).code ?? String(e) };
  }
}
