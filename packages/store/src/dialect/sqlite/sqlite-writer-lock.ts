// The single-writer guard for an embedded log: a lock file next to the database holding the
// owner's pid and a random token. Created atomically complete (written to a private temp file,
// then hard-linked into place, which fails if the name exists), so no reader ever sees it empty.
// A lock whose pid is no longer running is stale and taken over. The database itself still
// refuses a fork (appends check the log size inside BEGIN IMMEDIATE), so a lost race here can
// cost availability, never integrity.
import { randomUUID } from 'node:crypto';
import {
  linkSync,
  readFileSync,
  statSync,
  unlinkSync,
  writeFileSync,
  type BigIntStats,
} from 'node:fs';
import { StoreError } from '../../store-error.ts';

export class SqliteWriterLock {
  private held = false;
  private readonly token = randomUUID();
  /** The lock file as we left it (stat), once its content was confirmed ours. */
  private seen: BigIntStats | undefined;
  constructor(readonly path: string) {}

  tryAcquire(): boolean {
    if (this.held) return true;
    const content = `${process.pid}\n${this.token}\n`;
    const temp = `${this.path}.${process.pid}.${this.token}`;
    try {
      writeFileSync(temp, content, { mode: 0o600, flush: true });
      // Two rounds: the second follows the removal of a stale lock.
      for (let round = 0; round < 2; round++) {
        if (tryLink(temp, this.path)) {
          this.seen = statSync(this.path, { bigint: true });
          return (this.held = true);
        }
        const seen = readIfExists(this.path);
        if (seen === undefined) continue; // released meanwhile
        if (ownerAlive(seen)) return false;
        // Stale: remove it only if it is still the file we judged.
        if (readIfExists(this.path) === seen) unlinkIfExists(this.path);
      }
      return false;
    } catch (err) {
      throw new StoreError(
        'DATABASE_UNAVAILABLE',
        `cannot use the writer lock file ${this.path}: ${(err as Error).message}`,
        { cause: err },
      );
    } finally {
      unlinkIfExists(temp);
    }
  }

  /**
   * False once acquired and then taken over (our process was judged dead, or the file deleted or
   * rewritten). Asked before every append: one stat, and the file is read only when its inode,
   * size or times moved (a takeover links a new file into place; an edit changes size or mtime).
   * Reading it each time was four system calls, ~15 µs per batch.
   */
  stillHeld(): boolean {
    if (!this.held) return true;
    const now = statSync(this.path, { bigint: true, throwIfNoEntry: false });
    if (now === undefined) return false;
    if (this.seen !== undefined && sameFile(now, this.seen)) return true;
    if (!(readIfExists(this.path)?.includes(this.token) ?? false)) return false;
    this.seen = now;
    return true;
  }

  release(): void {
    if (!this.held) return;
    this.held = false;
    this.seen = undefined;
    if (readIfExists(this.path)?.includes(this.token)) unlinkIfExists(this.path);
  }
}

function sameFile(a: BigIntStats, b: BigIntStats): boolean {
  return (
    a.ino === b.ino &&
    a.dev === b.dev &&
    a.size === b.size &&
    a.mtimeNs === b.mtimeNs &&
    a.ctimeNs === b.ctimeNs
  );
}

function tryLink(from: string, to: string): boolean {
  try {
    linkSync(from, to);
    return true;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw err;
  }
}

function ownerAlive(content: string): boolean {
  const pid = Number(content.split('\n')[0]);
  // Not ours to judge: a file we cannot parse was not written by this code; leave it alone.
  if (!Number.isSafeInteger(pid) || pid <= 0) return true;
  try {
    process.kill(pid, 0); // signal 0: existence check only
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM'; // alive, owned by another user
  }
}

function readIfExists(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw err;
  }
}

function unlinkIfExists(path: string): void {
  try {
    unlinkSync(path);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
  }
}
