// Compares two sets of records: added, removed, type changed, modified (content or link target),
// or only attributes changed; each change names the attributes that differ.
import type { AttributeName, FileRecord } from './file-record.ts';
import { FimState } from './fim-state.ts';

export type ChangeKind = 'added' | 'removed' | 'modified' | 'attributes' | 'type';

export interface FimChange {
  path: string;
  change: ChangeKind;
  attributes: AttributeName[];
  before?: FileRecord;
  after?: FileRecord;
}

const sameXattrs = (a?: Record<string, string>, b?: Record<string, string>): boolean => {
  const ka = Object.keys(a ?? {}).sort();
  const kb = Object.keys(b ?? {}).sort();
  return ka.length === kb.length && ka.every((k, i) => k === kb[i] && a![k] === b![k]);
};

const GETTERS: Record<AttributeName, (a: FileRecord, b: FileRecord) => boolean> = {
  type: (a, b) => a.type === b.type,
  // A change of hash state (e.g. the file grew past the size cap) is a content change too.
  sha256: (a, b) => a.sha256 === b.sha256 && a.hashState === b.hashState,
  size: (a, b) => a.size === b.size,
  mode: (a, b) => a.mode === b.mode,
  uid: (a, b) => a.uid === b.uid,
  gid: (a, b) => a.gid === b.gid,
  mtime: (a, b) => a.mtimeNs === b.mtimeNs,
  ctime: (a, b) => a.ctimeNs === b.ctimeNs,
  inode: (a, b) => a.ino === b.ino,
  device: (a, b) => a.dev === b.dev,
  nlink: (a, b) => a.nlink === b.nlink,
  link_target: (a, b) => a.linkTarget === b.linkTarget,
  acl: (a, b) => (a.acl ?? '') === (b.acl ?? ''),
  xattrs: (a, b) => sameXattrs(a.xattrs, b.xattrs),
};

const CONTENT: ReadonlySet<AttributeName> = new Set(['sha256', 'size', 'link_target']);

export function compareRecords(
  before: FileRecord,
  after: FileRecord,
  attributes: readonly AttributeName[],
): Pick<FimChange, 'change' | 'attributes'> | undefined {
  const differ = attributes.filter((a) => !GETTERS[a](before, after));
  if (before.type !== after.type) return { change: 'type', attributes: differ };
  if (differ.length === 0) return undefined;
  const change = differ.some((a) => CONTENT.has(a)) ? 'modified' : 'attributes';
  return { change, attributes: differ };
}

/** Records by path: a baseline's entries, a scan's result, or the agent's state. */
export type RecordSet =
  Readonly<Record<string, FileRecord>> | ReadonlyMap<string, FileRecord> | FimState;

function lookup(s: RecordSet): {
  get(path: string): FileRecord | undefined;
  keys(): Iterable<string>;
} {
  if (s instanceof Map || s instanceof FimState) return s;
  const o = s as Readonly<Record<string, FileRecord>>;
  return { get: (path) => o[path], keys: () => Object.keys(o) };
}

export function diffEntries(
  beforeSet: RecordSet,
  afterSet: RecordSet,
  attributes: readonly AttributeName[],
  /** When given, only these paths are compared (a targeted rescan). */
  only?: ReadonlySet<string>,
): FimChange[] {
  const changes: FimChange[] = [];
  const before = lookup(beforeSet);
  const after = lookup(afterSet);
  const paths = only ? [...only] : [...new Set([...before.keys(), ...after.keys()])];
  for (const path of paths.sort()) {
    const b = before.get(path);
    const a = after.get(path);
    if (b === undefined && a !== undefined)
      changes.push({ path, change: 'added', attributes: [], after: a });
    else if (b !== undefined && a === undefined)
      changes.push({ path, change: 'removed', attributes: [], before: b });
    else if (b !== undefined && a !== undefined) {
      const c = compareRecords(b, a, attributes);
      if (c) changes.push({ path, ...c, before: b, after: a });
    }
  }
  return changes;
}
