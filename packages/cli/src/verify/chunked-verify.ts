// The parallel half of verifyLog: leaves from the first full chunk on, in aligned chunks checked on
// worker threads (parallel-leaf-checker.ts), folded here in order one subtree per chunk. Every
// signed checkpoint inside a chunk is checked against the root at its size (the frontier so far
// plus the chunk's prefix nodes), and so is the size this verifier trusted before.
import { chunkPrefixNodes, type LogVerifier } from '@keywatch/auditlog';
import type { LogSource } from '../log-sources/log-source.ts';
import type { CheckedChunk, ParallelLeafChecker } from './parallel-leaf-checker.ts';
import type { CheckpointWalk } from './verify-log.ts';

export interface ChunkedVerify {
  source: LogSource;
  checker: ParallelLeafChecker;
  lv: LogVerifier;
  cps: CheckpointWalk;
  /** Leaves per chunk (a power of two); lv already holds exactly the first chunk. */
  chunk: number;
  size: number;
  onProgress?: ((done: number, total: number) => void) | undefined;
}

/**
 * Chunk tasks in log order: read by the workers from SQLite, or read here and handed over. Each is
 * boxed: an async generator awaits a promise it yields, which would run the chunks one by one.
 */
async function* tasks(v: ChunkedVerify): AsyncGenerator<{ task: Promise<CheckedChunk> }> {
  const { source, checker, chunk, size } = v;
  if (source.sqlitePath !== undefined) {
    for (let start = chunk; start < size; start += chunk)
      yield { task: checker.checkStored(start, Math.min(chunk, size - start), source.sqlitePath) };
    return;
  }
  let leaves: Uint8Array[] = [];
  let start = chunk;
  for await (const leaf of source.leaves(chunk, size)) {
    leaves.push(leaf);
    if (leaves.length === chunk) {
      yield { task: checker.check(start, leaves) };
      start += chunk;
      leaves = [];
    }
  }
  if (leaves.length > 0) yield { task: checker.check(start, leaves) };
}

export async function checkChunks(v: ChunkedVerify): Promise<void> {
  const inflight: Promise<CheckedChunk>[] = [];
  const window = 2 * v.checker.threads;
  try {
    for await (const { task } of tasks(v)) {
      task.catch(() => undefined); // awaited in order below; an early failure is not unhandled
      inflight.push(task);
      if (inflight.length >= window && !(await fold(v, await inflight.shift()!))) return;
    }
    while (inflight.length > 0) if (!(await fold(v, await inflight.shift()!))) return;
  } finally {
    // The pool is destroyed next: let the chunks still running finish first.
    await Promise.allSettled(inflight);
  }
}

/** Folds one chunk; false when it came back short (the log ends early: finish() says how). */
async function fold(v: ChunkedVerify, c: CheckedChunk): Promise<boolean> {
  const { lv, cps } = v;
  const start = lv.size;
  const leafHashes = c.levels[0]!;
  let remembered = 0;
  const rootAt = (size: number): Buffer => {
    for (; remembered < size - start; remembered++) cps.remember(leafHashes[remembered]!);
    return lv.rootWith(chunkPrefixNodes(c.levels, size - start));
  };
  await cps.checkUpTo(start + c.count, rootAt);
  const trusted = lv.trustedSize;
  if (trusted !== undefined && trusted > start && trusted < start + c.count) {
    lv.checkTrustedRoot(trusted, lv.rootWith(chunkPrefixNodes(c.levels, trusted - start)));
  }
  for (; remembered < c.count; remembered++) cps.remember(leafHashes[remembered]!);
  lv.addCheckedSubtrees(chunkPrefixNodes(c.levels, c.count));
  v.onProgress?.(lv.size, v.size);
  return c.count === v.chunk || lv.size === v.size;
}
