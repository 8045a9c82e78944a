// Reads a spool's durable records in sequence order for the shipper. It sees only what an append
// has synced (a segment's count and offsets grow after fdatasync), never reads acknowledged
// records, and keeps its position in memory: after a restart it starts again just after the ack
// offset, so anything sent but not acknowledged is sent again (the server dedupes by event id).
import { open } from 'node:fs/promises';
import { AgentError } from '../agent-error.ts';
import { decodeRecord, type SpoolRecord } from './spool-record.ts';
import type { Segment } from './spool-segments.ts';

export class SpoolReader {
  private waiters: (() => void)[] = [];

  constructor(
    private readonly segments: () => readonly Segment[],
    private next: number,
  ) {}

  /** The sequence number the next read starts at. */
  get position(): number {
    return this.next;
  }

  /** The next unread records (at most `maxRecords`, about `maxBytes`), in sequence order. */
  async read(maxRecords: number, maxBytes: number): Promise<SpoolRecord[]> {
    const out: SpoolRecord[] = [];
    let bytes = 0;
    while (out.length < maxRecords && bytes < maxBytes) {
      const got = await this.readSegment(
        maxRecords - out.length,
        maxBytes - bytes,
        out.length === 0,
      );
      if (got.length === 0) break;
      for (const r of got) bytes += r.payload.length;
      out.push(...got);
    }
    return out;
  }

  /** Resolves when a record at or past the position is durable, or after `ms`. */
  waitForData(ms: number, durableEnd: number): Promise<void> {
    if (this.next < durableEnd) return Promise.resolve();
    return new Promise((resolve) => {
      const timer = setTimeout(done, ms);
      function done(): void {
        clearTimeout(timer);
        resolve();
      }
      this.waiters.push(done);
    });
  }

  /** Called after each durable append. */
  notify(): void {
    for (const w of this.waiters.splice(0)) w();
  }

  private async readSegment(
    maxRecords: number,
    maxBytes: number,
    atLeastOne: boolean,
  ): Promise<SpoolRecord[]> {
    const seq = this.next;
    const seg = this.segments().find((s) => s.base <= seq && seq < s.base + s.count);
    if (!seg) return [];
    const first = seq - seg.base;
    const start = seg.offsets[first]!;
    let n = 0;
    let end = start;
    while (first + n < seg.count && n < maxRecords) {
      const next = seg.offsets[first + n + 1] ?? seg.bytes;
      if ((n > 0 || !atLeastOne) && next - start > maxBytes) break;
      end = next;
      n++;
    }
    if (n === 0) return [];
    const buf = Buffer.allocUnsafe(end - start);
    const h = await open(seg.path, 'r');
    try {
      await h.read(buf, 0, buf.length, start);
    } finally {
      await h.close();
    }
    const out: SpoolRecord[] = [];
    for (let off = 0; off < buf.length;) {
      const d = decodeRecord(buf, off);
      if (d.kind !== 'record')
        throw new AgentError('SPOOL_CORRUPT', `spool segment ${seg.path} changed under the agent`);
      out.push(d.record);
      off += d.size;
    }
    this.next = seq + out.length;
    return out;
  }
}
