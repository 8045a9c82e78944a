// Follows a log file like `tail -F`, yielding complete lines only. Rotation by rename is seen as
// a new inode at the path: the old file is read to its end first (its descriptor stays valid),
// then the new one from 0. Truncation in place (logrotate copytruncate) is seen as a size below
// our offset: reading restarts at 0. The position is a TailState the caller commits after it
// has stored the lines, so a restart resumes exactly there; if the file was rotated while we
// were down, the old inode is looked for next to the path (`name.1`, `name-20260101`…).
import { open, readdir, stat, type FileHandle } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { SourceError } from '../core/source-error.ts';
import { writeTailState, type TailState } from './tail-state.ts';

export interface FileTailerOptions {
  path: string;
  /** Where to resume (from the caller's store or readTailState). */
  state?: TailState | undefined;
  /** Written atomically on every commit. */
  statePath?: string;
  /** Called on every commit (e.g. to store the state with the events, in one transaction). */
  onState?: (state: TailState) => void | Promise<void>;
  /** Without a state: start at the beginning (default) or at the current end. */
  startAt?: 'beginning' | 'end';
  /** A line longer than this is cut into pieces of this many bytes. Default 1 MiB. */
  maxLineBytes?: number;
  chunkBytes?: number;
}

export interface TailBatch {
  lines: string[];
  /** The position after these lines: pass it to commit() once they are stored. */
  state: TailState;
  truncated?: boolean;
  rotated?: boolean;
}

interface Open {
  fh: FileHandle;
  dev: number;
  ino: number;
  path: string;
  offset: number;
  pending: Buffer;
}

export class FileTailer {
  private cur: Open | undefined;
  private resume: TailState | undefined;

  constructor(private readonly opts: FileTailerOptions) {
    this.resume = opts.state;
  }

  /** Reads what is new; undefined when there is nothing (poll again later). */
  async poll(): Promise<TailBatch | undefined> {
    const batch: TailBatch = { lines: [], state: this.position() };
    if (!this.cur && !(await this.openInitial(batch))) return undefined;
    const cur = this.cur!;
    const size = (await cur.fh.stat()).size;
    if (size < cur.offset + cur.pending.length) {
      cur.offset = 0;
      cur.pending = Buffer.alloc(0);
      batch.truncated = true;
    }
    await this.drain(cur, batch.lines);
    const now = await stat(this.opts.path).catch(() => undefined);
    if (now && (now.ino !== cur.ino || now.dev !== cur.dev)) {
      await this.drain(cur, batch.lines);
      if (cur.pending.length > 0) batch.lines.push(cur.pending.toString('utf8'));
      await cur.fh.close();
      this.cur = await this.openFile(this.opts.path, 0);
      batch.rotated = true;
      if (this.cur) await this.drain(this.cur, batch.lines);
    }
    batch.state = this.position();
    return batch.lines.length > 0 || batch.truncated || batch.rotated ? batch : undefined;
  }

  /** Records that everything up to `state` is stored. */
  async commit(state: TailState): Promise<void> {
    if (this.opts.statePath) await writeTailState(this.opts.statePath, state);
    await this.opts.onState?.(state);
  }

  /** Polls until `signal` aborts: hands each batch to `onLines`, then commits its state. */
  async follow(
    onLines: (lines: string[], state: TailState) => Promise<void> | void,
    signal?: AbortSignal,
    intervalMs = 250,
  ): Promise<void> {
    while (!signal?.aborted) {
      const batch = await this.poll();
      if (batch) {
        if (batch.lines.length > 0) await onLines(batch.lines, batch.state);
        await this.commit(batch.state);
      } else await new Promise((r) => setTimeout(r, intervalMs));
    }
    await this.close();
  }

  async close(): Promise<void> {
    await this.cur?.fh.close();
    this.cur = undefined;
  }

  private position(): TailState {
    const c = this.cur;
    if (!c) return this.resume ?? { path: this.opts.path, dev: 0, ino: 0, offset: 0 };
    return { path: c.path, dev: c.dev, ino: c.ino, offset: c.offset };
  }

  private async openInitial(batch: TailBatch): Promise<boolean> {
    const st = await stat(this.opts.path).catch(() => undefined);
    const r = this.resume;
    if (r && st && (st.ino !== r.ino || st.dev !== r.dev)) {
      // Rotated while we were down: finish the old file if it is still next to the path.
      const old = await findInode(this.opts.path, r.dev, r.ino);
      if (old) {
        const o = await this.openFile(old, r.offset);
        if (o) {
          await this.drain(o, batch.lines);
          if (o.pending.length > 0) batch.lines.push(o.pending.toString('utf8'));
          await o.fh.close();
        }
      }
      batch.rotated = true;
      this.cur = await this.openFile(this.opts.path, 0);
    } else if (st) {
      const start = r
        ? r.offset <= st.size
          ? r.offset
          : 0
        : this.opts.startAt === 'end'
          ? st.size
          : 0;
      if (r && r.offset > st.size) batch.truncated = true;
      this.cur = await this.openFile(this.opts.path, start);
    }
    this.resume = undefined;
    return this.cur !== undefined;
  }

  private async openFile(path: string, offset: number): Promise<Open | undefined> {
    let fh: FileHandle;
    try {
      fh = await open(path, 'r');
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw new SourceError('TAIL_FAILED', `cannot open ${path}: ${(e as Error).message}`, {
        cause: e,
      });
    }
    const st = await fh.stat();
    return { fh, dev: st.dev, ino: st.ino, path: this.opts.path, offset, pending: Buffer.alloc(0) };
  }

  /** Reads to EOF; complete lines go to `out`, the partial tail stays pending (not committed). */
  private async drain(o: Open, out: string[]): Promise<void> {
    const max = this.opts.maxLineBytes ?? 1024 * 1024;
    const chunk = Buffer.allocUnsafe(this.opts.chunkBytes ?? 256 * 1024);
    for (;;) {
      const { bytesRead } = await o.fh.read(chunk, 0, chunk.length, o.offset + o.pending.length);
      if (bytesRead === 0) return;
      let data =
        o.pending.length > 0
          ? Buffer.concat([o.pending, chunk.subarray(0, bytesRead)])
          : Buffer.from(chunk.subarray(0, bytesRead));
      let nl: number;
      while ((nl = data.indexOf(0x0a)) >= 0 || data.length > max) {
        const end = nl >= 0 && nl <= max ? nl : max;
        const line = data.subarray(0, end);
        out.push((line[line.length - 1] === 0x0d ? line.subarray(0, -1) : line).toString('utf8'));
        const used = nl >= 0 && nl <= max ? end + 1 : end;
        o.offset += used;
        data = data.subarray(used);
      }
      o.pending = data;
    }
  }
}

async function findInode(path: string, dev: number, ino: number): Promise<string | undefined> {
  const dir = dirname(path);
  const base = basename(path);
  const names = await readdir(dir).catch(() => [] as string[]);
  for (const n of names) {
    if (!n.startsWith(base) || n === base) continue;
    const st = await stat(join(dir, n)).catch(() => undefined);
    if (st && st.ino === ino && st.dev === dev) return join(dir, n);
  }
  return undefined;
}
