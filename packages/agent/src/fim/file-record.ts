// What the scanner records for one path. Big integers (nanosecond times, inode, device) are
// decimal strings so that a baseline round-trips through JSON without losing precision.
export type FileType = 'file' | 'directory' | 'symlink' | 'fifo' | 'socket' | 'char' | 'block';

/**
 * Why a regular file has or has no content hash: the size cap and unreadable files are explicit
 * states, never a missing field that could pass for "unchanged".
 */
export type HashState = 'hashed' | 'not_hashed_size_cap' | 'not_hashed_unreadable' | 'not_a_file';

export interface FileRecord {
  type: FileType;
  size: number;
  /** Permission and special bits (mode & 0o7777). */
  mode: number;
  uid: number;
  gid: number;
  user?: string;
  group?: string;
  mtimeNs: string;
  ctimeNs: string;
  ino: string;
  dev: string;
  nlink: number;
  linkTarget?: string;
  hashState: HashState;
  sha256?: string;
  /** Extended POSIX ACL entries as `getfacl -n -E` prints them (absent: base ACL only). */
  acl?: string;
  /** Every extended attribute except the POSIX ACL ones, name → hex value. */
  xattrs?: Record<string, string>;
}

/** The attributes a policy can select and a change can name. */
export const ATTRIBUTE_NAMES = [
  'type',
  'sha256',
  'size',
  'mode',
  'uid',
  'gid',
  'mtime',
  'ctime',
  'inode',
  'device',
  'nlink',
  'link_target',
  'acl',
  'xattrs',
] as const;
export type AttributeName = (typeof ATTRIBUTE_NAMES)[number];

/** True when the cheap fields match, so content, ACL and xattrs need not be read again. */
export function sameQuickCheck(a: FileRecord, b: FileRecord): boolean {
  return (
    a.type === b.type &&
    a.size === b.size &&
    a.mtimeNs === b.mtimeNs &&
    a.ctimeNs === b.ctimeNs &&
    a.ino === b.ino &&
    a.dev === b.dev
  );
}
