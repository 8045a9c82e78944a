// Small durable-write helpers: a file replaced atomically (temp, fsync, rename, fsync of the
// directory) and the directory fsync that makes a created or deleted segment's name durable.
import { open, rename, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';

export async function fsyncDir(dir: string): Promise<void> {
  const h = await open(dir, 'r');
  try {
    await h.sync();
  } finally {
    await h.close();
  }
}

export async function writeFileDurably(path: string, text: string, mode = 0o600): Promise<void> {
  const tmp = `${path}.tmp`;
  await writeFile(tmp, text, { mode });
  const h = await open(tmp, 'r+');
  try {
    await h.sync();
  } finally {
    await h.close();
  }
  await rename(tmp, path);
  await fsyncDir(dirname(path));
}
