// The spool's segment files, "seg-<first seq, 16 digits>.kws", and the scan at open: every record
// is checked (CRC, consecutive sequence numbers). A bad record at the end of the last segment is a
// write torn by a crash: the tail is cut off there (those records were never acknowledged to a
// producer, since emit resolves only after fsync). Damage anywhere else is corruption and stops
// the agent rather than skipping records silently.
import { open, readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { AgentError } from '../agent-error.ts';
import { decodeRecord } from './spool-record.ts';

export interface Segment {
  base: number;
  path: string;
  count: number;
  bytes: number;
  /** Byte offset of each record, for positioning the reader. */
  offsets: number[];
}

const NAME_RE = /^seg-(\d{16})\.kws$/;

export const segmentPath = (dir: string, base: number): string =>
  join(dir, `seg-${String(base).padStart(16, '0')}.kws`);

export async function listSegments(dir: string): Promise<number[]> {
  return (await readdir(dir))
    .map((n) => NAME_RE.exec(n)?.[1])
    .filter((b): b is string => b !== undefined)
    .map(Number)
    .sort((a, b) => a - b);
}

/** Scans one segment; `last` allows (and performs) the cut of a torn tail. */
export async function scanSegment(
  dir: string,
  base: number,
  last: boolean,
): Promise<{ segment: Segment; tornBytes: number }> {
  const path = segmentPath(dir, base);
  const buf = await readFile(path);
  const offsets: number[] = [];
  let offset = 0;
  let problem: string | undefined;
  while (offset < buf.length) {
    const d = decodeRecord(buf, offset);
    if (d.kind === 'short') problem = 'a partial record';
    else if (d.kind === 'corrupt') problem = d.reason;
    else if (d.record.seq !== base + offsets.length) problem = `sequence ${d.record.seq}`;
    if (problem !== undefined || d.kind !== 'record') break;
    offsets.push(offset);
    offset += d.size;
  }
  const tornBytes = buf.length - offset;
  if (tornBytes > 0) {
    if (!last) {
      throw new AgentError(
        'SPOOL_CORRUPT',
        `spool segment ${path} is damaged at byte ${offset} (${problem ?? 'unknown'}); move it aside to start, its later records are lost`,
      );
    }
    const h = await open(path, 'r+');
    try {
      await h.truncate(offset);
      await h.sync();
    } finally {
      await h.close();
    }
  }
  return { segment: { base, path, count: offsets.length, bytes: offset, offsets }, tornBytes };
}
