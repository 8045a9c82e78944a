// FileRecords stored column-wise in typed arrays, for the FIM state an idle agent holds
// (fim-state.ts): a record as a JS object with its decimal strings and hex hash costs about
// 700 bytes of V8 heap, 14 MB for 20,000 files; here it is about 100 bytes (docs/agents.md,
// "Running the agent on a host"). A record is stored here only when decoding gives back exactly
// the same record, with its keys in the same order (so JSON.stringify of it, and the baseline's
// hash, do not change); any other (a symlink's target, ACLs, xattrs, an unusual shape) is kept as
// it is beside the columns.
import type { FileRecord, FileType, HashState } from './file-record.ts';

const TYPES: readonly FileType[] = [
  'file',
  'directory',
  'symlink',
  'fifo',
  'socket',
  'char',
  'block',
];
const STATES: readonly HashState[] = [
  'hashed',
  'not_hashed_size_cap',
  'not_hashed_unreadable',
  'not_a_file',
];
/** The keys of a storable record, in the order stat-reader.ts and record-completer.ts set them. */
const ORDER = [
  'type',
  'size',
  'mode',
  'uid',
  'gid',
  'mtimeNs',
  'ctimeNs',
  'ino',
  'dev',
  'nlink',
  'hashState',
  'user',
  'group',
  'sha256',
] as const;
const REQUIRED = 11; // type … hashState
const U32 = 0xffffffff;
const SIGNED = /^(?:0|-?[1-9]\d{0,18})$/;
const UNSIGNED = /^(?:0|[1-9]\d{0,19})$/;
const HEX32 = /^[0-9a-f]{64}$/;
const I64 = 2n ** 63n;
const U64 = 2n ** 64n;

const isU32 = (v: unknown): v is number =>
  Number.isInteger(v) && (v as number) >= 0 && (v as number) <= U32 && !Object.is(v, -0);
const isSize = (v: unknown): v is number =>
  Number.isSafeInteger(v) && (v as number) >= 0 && !Object.is(v, -0);
const isI64 = (v: unknown): boolean =>
  typeof v === 'string' && SIGNED.test(v) && BigInt(v) >= -I64 && BigInt(v) < I64;
const isU64 = (v: unknown): boolean => typeof v === 'string' && UNSIGNED.test(v) && BigInt(v) < U64;

/** True when `r` decodes back to itself from the columns (same values, same key order). */
export function storable(r: FileRecord): boolean {
  let at = 0;
  for (const key of Object.keys(r)) {
    while (at < ORDER.length && ORDER[at] !== key) {
      if (at < REQUIRED) return false;
      at++;
    }
    if (at === ORDER.length) return false;
    at++;
  }
  return (
    at >= REQUIRED &&
    TYPES.includes(r.type) &&
    STATES.includes(r.hashState) &&
    isSize(r.size) &&
    isU32(r.mode) &&
    isU32(r.uid) &&
    isU32(r.gid) &&
    isU32(r.nlink) &&
    isI64(r.mtimeNs) &&
    isI64(r.ctimeNs) &&
    isU64(r.ino) &&
    isU64(r.dev) &&
    (!('user' in r) || typeof r.user === 'string') &&
    (!('group' in r) || typeof r.group === 'string') &&
    (!('sha256' in r) || (typeof r.sha256 === 'string' && HEX32.test(r.sha256)))
  );
}

const HAS_SHA = 0x80;

/** Fixed-size columns for `n` records; user and group names are indexes into `names` (0: none). */
export class RecordColumns {
  readonly kind: Uint8Array; // TYPES index | HAS_SHA
  readonly state: Uint8Array; // STATES index
  readonly size: Float64Array;
  readonly ints: Uint32Array; // mode, uid, gid, nlink
  readonly times: BigInt64Array; // mtimeNs, ctimeNs
  readonly ids: BigUint64Array; // ino, dev
  readonly owner: Uint32Array; // user, group name indexes
  readonly sha: Buffer;

  constructor(readonly n: number) {
    this.kind = new Uint8Array(n);
    this.state = new Uint8Array(n);
    this.size = new Float64Array(n);
    this.ints = new Uint32Array(4 * n);
    this.times = new BigInt64Array(2 * n);
    this.ids = new BigUint64Array(2 * n);
    this.owner = new Uint32Array(2 * n);
    this.sha = Buffer.alloc(32 * n);
  }

  /** Stores a record that is storable(); `name` interns a user or group name. */
  set(i: number, r: FileRecord, name: (s: string) => number): void {
    this.kind[i] = TYPES.indexOf(r.type) | (r.sha256 === undefined ? 0 : HAS_SHA);
    this.state[i] = STATES.indexOf(r.hashState);
    this.size[i] = r.size;
    this.ints.set([r.mode, r.uid, r.gid, r.nlink], 4 * i);
    this.times[2 * i] = BigInt(r.mtimeNs);
    this.times[2 * i + 1] = BigInt(r.ctimeNs);
    this.ids[2 * i] = BigInt(r.ino);
    this.ids[2 * i + 1] = BigInt(r.dev);
    this.owner[2 * i] = r.user === undefined ? 0 : name(r.user);
    this.owner[2 * i + 1] = r.group === undefined ? 0 : name(r.group);
    if (r.sha256 !== undefined) this.sha.write(r.sha256, 32 * i, 'hex');
  }

  /** Copies record `j` of `from` (whose names are `from`'s) to `i`. */
  copy(i: number, from: RecordColumns, j: number, rename: (k: number) => number): void {
    this.kind[i] = from.kind[j]!;
    this.state[i] = from.state[j]!;
    this.size[i] = from.size[j]!;
    this.ints.set(from.ints.subarray(4 * j, 4 * j + 4), 4 * i);
    this.times.set(from.times.subarray(2 * j, 2 * j + 2), 2 * i);
    this.ids.set(from.ids.subarray(2 * j, 2 * j + 2), 2 * i);
    this.owner[2 * i] = rename(from.owner[2 * j]!);
    this.owner[2 * i + 1] = rename(from.owner[2 * j + 1]!);
    from.sha.copy(this.sha, 32 * i, 32 * j, 32 * j + 32);
  }

  get(i: number, names: readonly string[]): FileRecord {
    const kind = this.kind[i]!;
    const ints = this.ints;
    const r: FileRecord = {
      type: TYPES[kind & ~HAS_SHA]!,
      size: this.size[i]!,
      mode: ints[4 * i]!,
      uid: ints[4 * i + 1]!,
      gid: ints[4 * i + 2]!,
      mtimeNs: this.times[2 * i]!.toString(),
      ctimeNs: this.times[2 * i + 1]!.toString(),
      ino: this.ids[2 * i]!.toString(),
      dev: this.ids[2 * i + 1]!.toString(),
      nlink: ints[4 * i + 3]!,
      hashState: STATES[this.state[i]!]!,
    };
    const user = this.owner[2 * i]!;
    const group = this.owner[2 * i + 1]!;
    if (user !== 0) r.user = names[user]!;
    if (group !== 0) r.group = names[group]!;
    if (kind & HAS_SHA) r.sha256 = this.sha.toString('hex', 32 * i, 32 * i + 32);
    return r;
  }
}
