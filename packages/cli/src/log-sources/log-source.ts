// Where `keywatch verify` reads a log from: a server, a data directory or an export bundle. The
// same shape for each, so one verification pipeline serves all three.
import type { ConsistencyProofJson } from '@keywatch/protocol';

export interface CheckpointEntry {
  size: number;
  note: string;
}

export interface LogSource {
  /** Human-readable description for messages ("server http://…", "bundle ./x"). */
  readonly describe: string;
  /** The verifier key the source claims; trusted only when the user passed none and no state pins one. */
  verifierKey(): Promise<string>;
  /** The latest signed checkpoint note. */
  checkpoint(): Promise<string>;
  /** Leaves [start, end) in order, as exact bytes, fetched in pages. */
  leaves(start: number, end: number): AsyncIterable<Uint8Array>;
  /** Other signed checkpoints the source holds, ascending by size (each is checked too). */
  checkpoints(): AsyncIterable<CheckpointEntry>;
  /** Consistency proofs between the source's checkpoints (bundles carry them for tools that
   * check checkpoints without the events). */
  consistencyProofs?(): AsyncIterable<ConsistencyProofJson>;
  /**
   * The SQLite file holding the leaves (table events, column leaf by idx), when worker threads may
   * read it themselves instead of receiving the leaves from the main thread.
   */
  readonly sqlitePath?: string;
  /** An inclusion proof built from the source's stored hashes: locates an altered leaf. */
  inclusionProof?(index: number, size: number): Promise<Uint8Array[]>;
  close(): Promise<void>;
}
