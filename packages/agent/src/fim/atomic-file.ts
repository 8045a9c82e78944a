// Replaces a file so that a crash leaves either the old or the new version, never a torn one:
// temp file in the same directory, fsync, rename, fsync the directory.
import { closeSync, fsyncSync, openSync, renameSync, unlinkSync, writeSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { randomBytes } from 'node:crypto';

export function fsyncDir(dir: string): void {
  const fd = openSync(dir, 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

export function writeFileAtomic(
  path: string,
  data: string | Buffer | Iterable<Buffer>,
  mode = 0o600,
): void {
  const tmp = join(dirname(path), `.${basename(path)}.${randomBytes(6).toString('hex')}.tmp`);
  const fd = openSync(tmp, 'wx', mode);
  try {
    if (typeof data === 'string' || Buffer.isBuffer(data))
      writeSync(fd, typeof data === 'string' ? Buffer.from(data) : data);
    else for (const chunk of data) writeSync(fd, chunk);
    fsyncSync(fd);
  } catch (e) {
    closeSync(fd);
    unlinkSync(tmp);
    throw e;
  }
  closeSync(fd);
  renameSync(tmp, path);
  fsyncDir(dirname(path));
}
