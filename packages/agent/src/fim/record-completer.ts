// Turns stat-level records into full ones: reuses content hash, ACL and xattrs from a prior
// record when the quick check matches (size, mtime, ctime, inode, device — an xattr or ACL change
// moves ctime too), otherwise hashes (inline or on a worker) and batches getfattr/getfacl.
import { setImmediate as yieldLoop } from 'node:timers/promises';
import type { CoverageIssue } from './coverage-issue.ts';
import { sameQuickCheck, type FileRecord } from './file-record.ts';
import type { FileHasher } from './file-hasher.ts';
import type { ScanThrottle } from './scan-throttle.ts';
import { readExtendedAttributes } from './xattr-reader.ts';

export interface CompleterStats {
  files: number;
  hashed: number;
  reused: number;
  bytesHashed: number;
}

const XATTR_BATCH = 2048;

export class RecordCompleter {
  readonly stats: CompleterStats = { files: 0, hashed: 0, reused: 0, bytesHashed: 0 };
  readonly #pending: Promise<void>[] = [];
  readonly #hashing = new Set<Promise<void>>();
  readonly #vanished = new Set<string>();
  #batch: { path: string; record: FileRecord; work: Promise<void>[] }[] = [];

  constructor(
    private readonly hasher: FileHasher,
    private readonly throttle: ScanThrottle,
    private readonly maxFileSize: number,
    private readonly onIssue: (i: CoverageIssue) => void,
    private readonly onDone: (path: string, record: FileRecord) => void,
  ) {}

  async add(
    path: string,
    record: FileRecord,
    prior: FileRecord | undefined,
    rehash: boolean,
  ): Promise<void> {
    this.stats.files++;
    if (prior !== undefined && !rehash && sameQuickCheck(prior, record)) {
      this.stats.reused++;
      if (prior.hashState !== 'not_a_file') record.hashState = prior.hashState;
      if (prior.sha256 !== undefined) record.sha256 = prior.sha256;
      if (prior.acl !== undefined) record.acl = prior.acl;
      if (prior.xattrs !== undefined) record.xattrs = prior.xattrs;
      this.onDone(path, record);
      return;
    }
    const work: Promise<void>[] = [];
    if (record.type === 'file') {
      if (record.size > this.maxFileSize) {
        record.hashState = 'not_hashed_size_cap';
        this.onIssue({
          kind: 'size_cap',
          path,
          detail: `${record.size} bytes > cap ${this.maxFileSize}`,
        });
      } else {
        // Bound the worker queue so a tree of big files does not hold thousands of tasks.
        while (this.hasher.backlog > 32 && this.#hashing.size > 0)
          await Promise.race(this.#hashing);
        const h = this.#hash(path, record).finally(() => this.#hashing.delete(h));
        this.#hashing.add(h);
        work.push(h);
      }
    }
    this.#batch.push({ path, record, work });
    if (this.hasher.wantsYield) await yieldLoop();
    if (this.#batch.length >= XATTR_BATCH) this.#flushBatch();
  }

  async #hash(path: string, record: FileRecord): Promise<void> {
    const r = await this.hasher.hash(path, record.size);
    if (r.ok) {
      record.sha256 = r.sha256;
      this.stats.hashed++;
      this.stats.bytesHashed += r.bytes;
      await this.throttle.account(r.bytes);
    } else if (r.error === 'ENOENT') {
      // Removed between lstat and open: absent from this scan, so it shows as removed, not as
      // a file that could not be read.
      this.#vanished.add(path);
    } else {
      record.hashState = 'not_hashed_unreadable';
      this.onIssue({ kind: 'unreadable', path, detail: r.error });
    }
  }

  #flushBatch(): void {
    const batch = this.#batch;
    this.#batch = [];
    if (batch.length === 0) return;
    const xattrs = readExtendedAttributes(batch.map((b) => b.path));
    const done = Promise.all([xattrs, ...batch.flatMap((b) => b.work)]).then(([ea]) => {
      for (const { path, record } of batch) {
        const x = ea.get(path);
        if (x?.acl !== undefined) record.acl = x.acl;
        if (x?.xattrs !== undefined) record.xattrs = x.xattrs;
        if (this.#vanished.delete(path)) continue;
        this.onDone(path, record);
      }
    });
    this.#pending.push(done);
  }

  /** Waits for every outstanding hash and attribute batch. */
  async finish(): Promise<void> {
    this.#flushBatch();
    await Promise.all(this.#pending);
  }
}
