// lstat with bigint times → the cheap part of a FileRecord. Synchronous on purpose: a sync lstat
// costs a few microseconds, a promise-based one goes through the libuv pool and is several times
// slower, and the rescan budget is 20 µs per file. Callers yield to the event loop between chunks.
import { lstatSync, readlinkSync, type BigIntStats } from 'node:fs';
import type { FileRecord, FileType } from './file-record.ts';
import type { OwnerNames } from './owner-names.ts';

function typeOf(s: BigIntStats): FileType {
  if (s.isFile()) return 'file';
  if (s.isDirectory()) return 'directory';
  if (s.isSymbolicLink()) return 'symlink';
  if (s.isFIFO()) return 'fifo';
  if (s.isSocket()) return 'socket';
  if (s.isCharacterDevice()) return 'char';
  return 'block';
}

export function recordFromStats(path: string, s: BigIntStats, names: OwnerNames): FileRecord {
  const type = typeOf(s);
  const uid = Number(s.uid);
  const gid = Number(s.gid);
  const r: FileRecord = {
    type,
    size: Number(s.size),
    mode: Number(s.mode & 0o7777n),
    uid,
    gid,
    mtimeNs: s.mtimeNs.toString(),
    ctimeNs: s.ctimeNs.toString(),
    ino: s.ino.toString(),
    dev: s.dev.toString(),
    nlink: Number(s.nlink),
    hashState: type === 'file' ? 'hashed' : 'not_a_file',
  };
  const user = names.user(uid);
  const group = names.group(gid);
  if (user !== undefined) r.user = user;
  if (group !== undefined) r.group = group;
  if (type === 'symlink') r.linkTarget = readlinkSync(path, 'utf8');
  return r;
}

/** The record without content, ACL or xattrs; undefined when the path does not exist. */
export function statRecord(path: string, names: OwnerNames): FileRecord | undefined {
  let s: BigIntStats | undefined;
  try {
    s = lstatSync(path, { bigint: true, throwIfNoEntry: false });
  } catch (e) {
    // A parent that became a file (ENOTDIR) means this path is gone too.
    if ((e as NodeJS.ErrnoException).code === 'ENOTDIR') return undefined;
    throw e;
  }
  return s === undefined ? undefined : recordFromStats(path, s, names);
}
