// The tailer's position: which file (device + inode) and the byte offset just past the last
// line handed to the caller. Small enough to persist after every batch; written atomically
// (temp file, fsync, rename) so a crash leaves the old or the new state, never a torn one.
import { open, readFile, rename } from 'node:fs/promises';
import { SourceError } from '../core/source-error.ts';

export interface TailState {
  path: string;
  dev: number;
  ino: number;
  offset: number;
}

export async function readTailState(file: string): Promise<TailState | undefined> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new SourceError(
      'TAIL_FAILED',
      `cannot read tail state ${file}: ${(e as Error).message}`,
      { cause: e },
    );
  }
  try {
    const s = JSON.parse(text) as Partial<TailState>;
    const ok = [s.dev, s.ino, s.offset].every((n) => Number.isSafeInteger(n) && (n as number) >= 0);
    if (ok && typeof s.path === 'string') return s as TailState;
  } catch {
    // fall through
  }
  throw new SourceError('STATE_CORRUPT', `tail state ${file} is not {path, dev, ino, offset}`);
}

export async function writeTailState(file: string, state: TailState): Promise<void> {
  const tmp = `${file}.${process.pid}.tmp`;
  const fh = await open(tmp, 'w', 0o600);
  try {
    await fh.writeFile(JSON.stringify(state));
    await fh.sync();
  } finally {
    await fh.close();
  }
  await rename(tmp, file);
}
