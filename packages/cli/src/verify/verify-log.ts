// The whole-log verification behind `keywatch verify`: streams every leaf, re-hashes it, rebuilds
// the tree, checks the latest signed checkpoint, every other checkpoint the source holds (a second
// history signed by the same key is a fork), any consistency proofs, and consistency with the last
// checkpoint verified before (state). Each failure is an AuditLogError naming the first bad index.
// Per-leaf checks run on worker threads for large logs (parallel-leaf-checker.ts).
import {
  AuditLogError,
  LogVerifier,
  openCheckpoint,
  parseVerifierKey,
  verifyConsistency,
  type NoteVerifier,
} from '@keywatch/auditlog';
import type { VerifiedLog } from './verify-state.ts';
import type { CheckpointEntry, LogSource } from '../log-sources/log-source.ts';
import { locateAlteredLeaf, MAX_LOCATE } from './locate-altered-leaf.ts';
import { checkChunks } from './chunked-verify.ts';
import { ParallelLeafChecker } from './parallel-leaf-checker.ts';

export interface VerifyOptions {
  source: LogSource;
  /** A verifier key the user passed (--key): wins over the state and the source. */
  pinnedKey?: string;
  /** What this verifier accepted last time for this log. */
  previous?: VerifiedLog;
  onProgress?: (done: number, total: number) => void;
  /** Worker threads for the per-leaf checks (default: one per core; 0: none). */
  threads?: number;
  /** Use the workers from this many leaves (default 50,000). */
  parallelFrom?: number;
  /** Leaves per worker task, a power of two (default 4096). */
  chunk?: number;
}

export interface VerifyOutcome {
  origin: string;
  verifierKey: string;
  size: number;
  root: string;
  checkpointsChecked: number;
}

const CHUNK = 4096;
/** Below this many leaves, starting worker threads costs more than it saves. */
const PARALLEL_FROM = 50_000;

export async function verifyLog(opts: VerifyOptions): Promise<VerifyOutcome> {
  const { source } = opts;
  const verifierKey = opts.pinnedKey ?? opts.previous?.verifierKey ?? (await source.verifierKey());
  const verifier = parseVerifierKey(verifierKey);
  const note = await source.checkpoint();
  const latest = openLatest(note, verifier, opts.previous);
  const trusted = opts.previous && {
    size: opts.previous.size,
    root: Buffer.from(opts.previous.root, 'base64'),
  };
  const lv = new LogVerifier({ verifierKey, origin: verifier.name, ...(trusted && { trusted }) });
  const cps = new CheckpointWalk(source, verifier, lv);
  const useWorkers = (opts.threads ?? 1) > 0 && latest.size >= (opts.parallelFrom ?? PARALLEL_FROM);
  const checker = useWorkers ? await ParallelLeafChecker.open(opts.threads) : undefined;
  try {
    await cps.start();
    let done = 0;
    const chunk = checker ? (opts.chunk ?? CHUNK) : latest.size;
    // Leaf by leaf on this thread: everything without workers; with them, the first chunk (it
    // holds the genesis entry, and keeps the chunks after it aligned).
    for await (const leaf of source.leaves(0, Math.min(chunk, latest.size))) {
      cps.remember(lv.addLeaf(leaf));
      if (cps.due()) await cps.check(); // an await per leaf costs more than the hash fold
      if (++done % 10_000 === 0) opts.onProgress?.(done, latest.size);
    }
    if (checker && done === Math.min(chunk, latest.size)) {
      await checkChunks({
        source,
        checker,
        lv,
        cps,
        chunk,
        size: latest.size,
        onProgress: opts.onProgress,
      });
      done = lv.size;
    }
    await cps.check();
    opts.onProgress?.(done, latest.size);
    let result;
    try {
      result = lv.finish(note);
    } catch (err) {
      if (err instanceof AuditLogError && err.code === 'ROOT_MISMATCH') {
        throw await cps.locate(latest.size, latest.root);
      }
      throw err;
    }
    cps.roots.set(result.size, result.root);
    await checkConsistencyProofs(source, cps.roots);
    return {
      origin: verifier.name,
      verifierKey,
      size: result.size,
      root: result.root.toString('base64'),
      checkpointsChecked: cps.checked + 1,
    };
  } finally {
    await checker?.close();
  }
}

/** Step verifyStoredCheckpoint: each checkpoint the source holds must match the rebuilt root at its size. */
export class CheckpointWalk {
  readonly roots = new Map<number, Buffer>();
  checked = 0;
  #pending: CheckpointEntry | undefined;
  readonly #it: AsyncIterator<CheckpointEntry>;
  /** Leaf hashes since the last verified root, to locate an altered leaf (undefined: too many). */
  #window: Buffer[] | undefined = [];
  #windowStart = 0;

  constructor(
    private readonly source: LogSource,
    private readonly verifier: NoteVerifier,
    private readonly lv: LogVerifier,
  ) {
    this.#it = source.checkpoints()[Symbol.asyncIterator]();
  }
  async start(): Promise<void> {
    this.#pending = (await this.#it.next()).value as CheckpointEntry | undefined;
  }
  /** A stored checkpoint is at or below the verified size: check() has work to do. */
  due(): boolean {
    return this.#pending !== undefined && this.#pending.size <= this.lv.size;
  }
  remember(hash: Buffer): void {
    if (this.#window && this.#window.push(hash) > MAX_LOCATE) this.#window = undefined;
  }
  async check(): Promise<void> {
    while (this.#pending && this.#pending.size <= this.lv.size) {
      if (this.#pending.size === this.lv.size) {
        const cp = openCheckpoint(this.#pending.note, this.verifier, this.verifier.name);
        const root = this.lv.root();
        if (!cp.root.equals(root)) throw await this.locate(cp.size, cp.root);
        this.roots.set(cp.size, root);
        this.checked++;
        this.#window = [];
        this.#windowStart = cp.size;
      }
      this.#pending = (await this.#it.next()).value as CheckpointEntry | undefined;
    }
  }
  /**
   * The checkpoints up to `end` while leaves are folded a chunk at a time: `rootAt(size)` gives the
   * tree's root at a size inside the chunk (and remembers the leaf hashes up to it).
   */
  async checkUpTo(end: number, rootAt: (size: number) => Buffer): Promise<void> {
    while (this.#pending && this.#pending.size <= end) {
      if (this.#pending.size >= this.lv.size) {
        const cp = openCheckpoint(this.#pending.note, this.verifier, this.verifier.name);
        const root = this.#pending.size === this.lv.size ? this.lv.root() : rootAt(cp.size);
        if (!cp.root.equals(root)) throw await this.locate(cp.size, cp.root);
        this.roots.set(cp.size, root);
        this.checked++;
        this.#window = [];
        this.#windowStart = cp.size;
      }
      this.#pending = (await this.#it.next()).value as CheckpointEntry | undefined;
    }
  }
  locate(size: number, root: Buffer): Promise<AuditLogError> {
    return locateAlteredLeaf(this.source, this.#windowStart, this.#window, size, root);
  }
}

async function checkConsistencyProofs(
  source: LogSource,
  roots: Map<number, Buffer>,
): Promise<void> {
  if (!source.consistencyProofs) return;
  for await (const p of source.consistencyProofs()) {
    const from = roots.get(p.from);
    const to = roots.get(p.treeSize);
    if (!from || !to) {
      throw new AuditLogError(
        'CONSISTENCY_PROOF_INVALID',
        `no verified checkpoint for sizes ${p.from} and ${p.treeSize}`,
      );
    }
    verifyConsistency(
      p.from,
      p.treeSize,
      p.hashes.map((h) => Buffer.from(h, 'base64')),
      from,
      to,
    );
  }
}

/** The latest checkpoint; when its signature fails and it claims fewer leaves than verified before, say so: LOG_TRUNCATED names where the log now ends. */
function openLatest(
  note: string,
  verifier: NoteVerifier,
  previous: VerifiedLog | undefined,
): ReturnType<typeof openCheckpoint> {
  try {
    return openCheckpoint(note, verifier);
  } catch (err) {
    const claimed = Number(note.split('\n', 2)[1]);
    if (
      err instanceof AuditLogError &&
      previous &&
      Number.isSafeInteger(claimed) &&
      claimed < previous.size
    ) {
      throw new AuditLogError(
        'LOG_TRUNCATED',
        `the log now claims ${claimed} leaves, fewer than the ${previous.size} verified before, under a checkpoint the log's key did not sign (${err.message}): truncated and re-signed`,
        { index: claimed, cause: err },
      );
    }
    throw err;
  }
}
