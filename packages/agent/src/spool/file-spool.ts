// The agent's append-only file spool (DESIGN.md: "Agents spool to disk while no server answers").
// Records (spool-record.ts) go into segment files (spool-segments.ts); `append` resolves only after
// fdatasync, with every append queued meanwhile written by the same write and sync (group commit).
// Records leave only when acknowledged: `ack(seq)` makes the ack offset durable first, then deletes
// whole segments at or below it. Sequence numbers are consecutive, start at 1, and survive
// restarts (the last segment's name and record count give the next one). The size bound counts
// segment bytes on disk; the last `reserveBytes` are kept for appends marked `reserved` (the
// "spool full" notice), so that notice is never itself refused.
import { open, readFile, unlink, type FileHandle } from 'node:fs/promises';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { AgentError } from '../agent-error.ts';
import { fsyncDir, writeFileDurably } from './durable-file.ts';
import { encodeRecord, type SpoolRecord } from './spool-record.ts';
import { SpoolReader } from './spool-reader.ts';
import { listSegments, scanSegment, segmentPath, type Segment } from './spool-segments.ts';

export interface FileSpoolOptions {
  dir: string;
  /** Bound on segment bytes on disk (default 256 MiB). */
  maxBytes?: number;
  /** A segment is closed once it would pass this size (default min(8 MiB, maxBytes / 4)). */
  segmentBytes?: number;
  /** Kept free for reserved appends (default 64 KiB). */
  reserveBytes?: number;
}

export interface SpoolStats {
  bytes: number;
  maxBytes: number;
  segments: number;
  /** Records appended and not yet acknowledged. */
  pending: number;
  nextSeq: number;
  ackedSeq: number;
  /** Bytes cut off a torn tail when this spool was opened. */
  tornBytes: number;
}

interface Pending {
  make: (seq: number) => Buffer;
  reserved: boolean;
  resolve: (seq: number) => void;
  reject: (err: unknown) => void;
}

const ACK_FILE = 'acked';

export class FileSpool {
  private handle: FileHandle | undefined;
  private queue: Pending[] = [];
  private flushing = false;
  private lock: Promise<unknown> = Promise.resolve();
  private readonly reader: SpoolReader;

  private constructor(
    private readonly dir: string,
    private segments: Segment[],
    private bytes: number,
    private nextSeq: number,
    private acked: number,
    private readonly tornBytes: number,
    private readonly maxBytes: number,
    private readonly segmentBytes: number,
    private readonly reserveBytes: number,
  ) {
    this.reader = new SpoolReader(
      () => this.segments,
      Math.max(acked + 1, segments[0]?.base ?? acked + 1),
    );
  }

  static async open(opts: FileSpoolOptions): Promise<FileSpool> {
    const maxBytes = opts.maxBytes ?? 256 * 1024 * 1024;
    mkdirSync(opts.dir, { recursive: true, mode: 0o700 });
    const acked = await readAcked(opts.dir);
    const bases = await listSegments(opts.dir);
    const segments: Segment[] = [];
    let tornBytes = 0;
    for (const [i, base] of bases.entries()) {
      const scan = await scanSegment(opts.dir, base, i === bases.length - 1);
      tornBytes += scan.tornBytes;
      segments.push(scan.segment);
    }
    const last = segments[segments.length - 1];
    const nextSeq = Math.max(last ? last.base + last.count : 1, acked + 1);
    const spool = new FileSpool(
      opts.dir,
      segments,
      segments.reduce((n, s) => n + s.bytes, 0),
      nextSeq,
      acked,
      tornBytes,
      maxBytes,
      opts.segmentBytes ?? Math.min(8 * 1024 * 1024, Math.floor(maxBytes / 4)),
      opts.reserveBytes ?? 64 * 1024,
    );
    await spool.exclusive(() => spool.dropAcked());
    await spool.exclusive(async () => {
      const active = spool.segments[spool.segments.length - 1];
      if (!active || active.base + active.count !== spool.nextSeq) await spool.rotate();
      else spool.handle = await open(active.path, 'r+');
    });
    return spool;
  }

  /** Appends one record built for its sequence number; resolves with it once durable. */
  append(make: (seq: number) => Buffer, opts: { reserved?: boolean } = {}): Promise<number> {
    return new Promise((resolve, reject) => {
      this.queue.push({ make, reserved: opts.reserved ?? false, resolve, reject });
      if (!this.flushing) void this.flush();
    });
  }

  /** The next unread records (at most `maxRecords`, about `maxBytes`), in sequence order. */
  read(maxRecords: number, maxBytes: number): Promise<SpoolRecord[]> {
    return this.reader.read(maxRecords, maxBytes);
  }

  /** Resolves when there is something to read, or after `ms`. */
  waitForData(ms: number): Promise<void> {
    const last = this.segments[this.segments.length - 1];
    return this.reader.waitForData(ms, last ? last.base + last.count : this.nextSeq);
  }

  /** Everything up to `seq` was acknowledged: durable ack offset, then whole segments deleted. */
  ack(seq: number): Promise<void> {
    return this.exclusive(async () => {
      if (seq <= this.acked) return;
      if (seq >= this.nextSeq) throw new Error(`ack ${seq} beyond the last record`);
      await writeFileDurably(join(this.dir, ACK_FILE), `${seq}\n`);
      this.acked = seq;
      await this.dropAcked();
    });
  }

  stats(): SpoolStats {
    return {
      bytes: this.bytes,
      maxBytes: this.maxBytes,
      segments: this.segments.length,
      pending: this.nextSeq - 1 - this.acked,
      nextSeq: this.nextSeq,
      ackedSeq: this.acked,
      tornBytes: this.tornBytes,
    };
  }

  async close(): Promise<void> {
    await this.exclusive(async () => {
      await this.handle?.close();
      this.handle = undefined;
    });
  }

  private exclusive<T>(fn: () => Promise<T>): Promise<T> {
    const run = this.lock.then(fn, fn);
    this.lock = run.catch(() => undefined);
    return run;
  }

  private async flush(): Promise<void> {
    this.flushing = true;
    try {
      while (this.queue.length > 0) {
        const batch = this.queue.splice(0);
        await this.exclusive(() => this.writeBatch(batch));
      }
    } finally {
      this.flushing = false;
    }
  }

  private async writeBatch(batch: Pending[]): Promise<void> {
    const accepted: { p: Pending; rec: Buffer; seq: number }[] = [];
    let bytes = this.bytes;
    for (const p of batch) {
      const seq = this.nextSeq + accepted.length;
      let rec: Buffer;
      try {
        rec = encodeRecord(seq, p.make(seq));
      } catch (err) {
        p.reject(err);
        continue;
      }
      if (bytes + rec.length > this.maxBytes - (p.reserved ? 0 : this.reserveBytes)) {
        p.reject(
          new AgentError(
            'SPOOL_FULL',
            `the spool is full (${this.maxBytes} bytes): no server has acknowledged what it holds`,
          ),
        );
        continue;
      }
      accepted.push({ p, rec, seq });
      bytes += rec.length;
    }
    try {
      for (let i = 0; i < accepted.length;) {
        let active = this.segments[this.segments.length - 1]!;
        if (active.count > 0 && active.bytes + accepted[i]!.rec.length > this.segmentBytes) {
          await this.rotate();
          active = this.segments[this.segments.length - 1]!;
        }
        const group: Buffer[] = [];
        let size = 0;
        for (; i < accepted.length; i++) {
          const r = accepted[i]!.rec;
          if (group.length > 0 && active.bytes + size + r.length > this.segmentBytes) break;
          group.push(r);
          size += r.length;
        }
        await this.writeGroup(active, group, size);
      }
    } catch (err) {
      for (const a of accepted) if (a.seq >= this.nextSeq) a.p.reject(err);
      for (const a of accepted) if (a.seq < this.nextSeq) a.p.resolve(a.seq);
      return;
    }
    for (const a of accepted) a.p.resolve(a.seq);
    this.reader.notify();
  }

  private async writeGroup(active: Segment, group: Buffer[], size: number): Promise<void> {
    const h = this.handle!;
    const buf = group.length === 1 ? group[0]! : Buffer.concat(group, size);
    try {
      for (let done = 0; done < buf.length;) {
        const { bytesWritten } = await h.write(buf, done, buf.length - done, active.bytes + done);
        done += bytesWritten;
      }
      await h.datasync();
    } catch (err) {
      await h.truncate(active.bytes).catch(() => undefined); // nothing half-written stays
      throw err;
    }
    let off = active.bytes;
    for (const r of group) {
      active.offsets.push(off);
      off += r.length;
    }
    active.bytes += size;
    active.count += group.length;
    this.bytes += size;
    this.nextSeq += group.length;
  }

  /** Starts a new active segment at nextSeq (the old one is complete and synced). */
  private async rotate(): Promise<void> {
    await this.handle?.close();
    const path = segmentPath(this.dir, this.nextSeq);
    this.handle = await open(path, 'w+', 0o600);
    await fsyncDir(this.dir);
    this.segments.push({ base: this.nextSeq, path, count: 0, bytes: 0, offsets: [] });
  }

  /** Deletes segments wholly at or below the ack offset; a wholly acked active one is replaced. */
  private async dropAcked(): Promise<void> {
    const doneWith = (s: Segment): boolean => s.base + s.count - 1 <= this.acked;
    const active = this.segments[this.segments.length - 1];
    if (active && this.handle && active.count > 0 && doneWith(active)) await this.rotate();
    let removed = false;
    while (this.segments.length > 1 && doneWith(this.segments[0]!)) {
      const s = this.segments.shift()!;
      await unlink(s.path);
      this.bytes -= s.bytes;
      removed = true;
    }
    if (removed) await fsyncDir(this.dir);
  }
}

async function readAcked(dir: string): Promise<number> {
  try {
    const n = Number((await readFile(join(dir, ACK_FILE), 'utf8')).trim());
    if (!Number.isSafeInteger(n) || n < 0)
      throw new AgentError('SPOOL_CORRUPT', `${dir}/${ACK_FILE} is not a sequence number`);
    return n;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return 0;
    throw err;
  }
}
