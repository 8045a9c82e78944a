// Streaming whole-log verification: leaves are fed in order and checked one by one (position,
// canonical form, genesis), the tree is rebuilt with a frontier (O(log n) memory), and the signed
// checkpoint is checked at the end, as is the state this verifier accepted before (research §6.8).
import { decodeLeaf, isCanonicalLeafAt, isCanonicalLeafTextAt } from './canonical-leaf.ts';
import type { Checkpoint } from './checkpoint-format.ts';
import { AuditLogError } from './audit-log-error.ts';
import { MerkleFrontier } from './merkle-frontier.ts';
import { leafHash, leafHashOfText } from './merkle-hash.ts';
import { parseVerifierKey, type NoteVerifier } from './note-keys.ts';
import {
  verifyCheckpointOrigin,
  verifyCheckpointRoot,
  verifyCheckpointSignature,
  verifyCheckpointSize,
  verifyGenesis,
  verifyLeafCanonical,
  verifyLeafPosition,
  verifyNotTruncated,
  verifyTrustedRoot,
  type TrustedState,
} from './log-verifier-steps.ts';

export class LogVerifier {
  readonly #verifierKey: string;
  readonly #verifier: NoteVerifier;
  readonly #origin: string;
  readonly #trusted: TrustedState | undefined;
  readonly #frontier = MerkleFrontier.empty();
  #genesisPending = true;
  #trustedChecked = false;

  /** `origin` defaults to the verifier key's name (the log's origin is its key name). */
  constructor(opts: { verifierKey: string; origin?: string; trusted?: TrustedState }) {
    this.#verifierKey = opts.verifierKey;
    this.#verifier = parseVerifierKey(opts.verifierKey);
    this.#origin = opts.origin ?? this.#verifier.name;
    const trusted = opts.trusted;
    if (trusted !== undefined) {
      if (
        !Number.isSafeInteger(trusted.size) ||
        trusted.size < 0 ||
        !(trusted.root instanceof Uint8Array)
      ) {
        throw new AuditLogError(
          'CHECKPOINT_MALFORMED',
          'the trusted state needs an integer size and a root',
        );
      }
      this.#trusted = { size: trusted.size, root: Buffer.from(trusted.root) };
    }
  }

  get size(): number {
    return this.#frontier.size;
  }

  root(): Buffer {
    return this.#frontier.root();
  }

  /** Feed leaves in order 0,1,2…: verifyLeafPosition, verifyLeafCanonical, verifyGenesis (leaf 0), then the frontier; at trusted.size, verifyTrustedRoot (LOG_FORKED). Returns the leaf hash. */
  addLeaf(bytes: Uint8Array): Buffer {
    const position = this.#frontier.size;
    if (position === 0) {
      this.#genesisPending = false;
      const { event, text } = decodeLeaf(bytes, position);
      verifyLeafPosition(event, position);
      verifyLeafCanonical(event, text, position);
      verifyGenesis(event, this.#origin, this.#verifierKey);
      return this.addCheckedLeafHash(leafHash(bytes));
    }
    return this.addCheckedLeafHash(checkLeaf(bytes, position));
  }

  /**
   * The frontier half of addLeaf, for a leaf that checkLeaf already checked at this position (so
   * that the per-leaf work can run on other threads). Leaf 0 must go through addLeaf: it is the
   * genesis entry.
   */
  addCheckedLeafHash(hash: Buffer): Buffer {
    if (this.#frontier.size === 0 && this.#genesisPending) {
      throw new AuditLogError('GENESIS_INVALID', 'leaf 0 must be checked as the genesis entry', {
        index: 0,
      });
    }
    this.#genesisPending = false;
    this.#frontier.append(hash);
    if (this.#trusted !== undefined && this.#frontier.size === this.#trusted.size) {
      verifyTrustedRoot(this.#frontier.size, this.#frontier.root(), this.#trusted);
    }
    return hash;
  }

  /**
   * The frontier half for a chunk checked on another thread: aligned subtrees covering the next
   * leaves, largest first (chunkPrefixNodes). Leaf 0 must have gone through addLeaf. If the
   * trusted size falls inside, the caller checks it first with rootWith (trustedSizeWithin).
   */
  addCheckedSubtrees(nodes: readonly { hash: Uint8Array; height: number }[]): void {
    if (this.#genesisPending) {
      throw new AuditLogError('GENESIS_INVALID', 'leaf 0 must be checked as the genesis entry', {
        index: 0,
      });
    }
    const end = this.#frontier.size + nodes.reduce((n, x) => n + 2 ** x.height, 0);
    const t = this.#trusted;
    if (t !== undefined && t.size > this.#frontier.size && t.size < end && !this.#trustedChecked) {
      throw new AuditLogError('LEAF_MALFORMED', `the trusted size ${t.size} needs its own cut`);
    }
    for (const n of nodes) this.#frontier.appendSubtree(n.hash, n.height);
    if (t !== undefined && this.#frontier.size === t.size) {
      verifyTrustedRoot(t.size, this.#frontier.root(), t);
    }
  }

  /** The root at the current size plus these aligned subtrees (for checkpoints inside a chunk). */
  rootWith(nodes: readonly { hash: Uint8Array; height: number }[]): Buffer {
    return this.#frontier.rootWith(nodes);
  }

  /** The size this verifier accepted before (LOG_FORKED is judged at it), if any. */
  get trustedSize(): number | undefined {
    return this.#trusted?.size;
  }

  /** verifyTrustedRoot at a size reached inside a chunk. */
  checkTrustedRoot(size: number, root: Buffer): void {
    if (this.#trusted !== undefined && size === this.#trusted.size) {
      verifyTrustedRoot(size, root, this.#trusted);
      this.#trustedChecked = true;
    }
  }

  /** verifyCheckpointSignature, verifyCheckpointOrigin, verifyCheckpointSize, verifyCheckpointRoot, verifyNotTruncated. Returns the new trusted state. */
  finish(checkpointNote: string): TrustedState & { checkpoint: Checkpoint } {
    const checkpoint = verifyCheckpointSignature(checkpointNote, this.#verifier);
    verifyCheckpointOrigin(checkpoint, this.#origin);
    verifyCheckpointSize(checkpoint, this.#frontier.size);
    const root = this.#frontier.root();
    verifyCheckpointRoot(checkpoint, root);
    verifyNotTruncated(checkpoint, this.#trusted);
    return { size: checkpoint.size, root, checkpoint };
  }
}

/** The per-leaf steps of LogVerifier.addLeaf for any leaf but 0 (verifyLeafPosition, verifyLeafCanonical), independent of the others: returns its leaf hash. */
export function checkLeaf(bytes: Uint8Array, position: number): Buffer {
  if (isCanonicalLeafAt(bytes, position)) return leafHash(bytes);
  const { event, text } = decodeLeaf(bytes, position);
  verifyLeafPosition(event, position);
  verifyLeafCanonical(event, text, position);
  return leafHash(bytes);
}

/**
 * checkLeaf for a leaf read as text (SQLite hands a BLOB cast to TEXT over without a Buffer per
 * row): its leaf hash when the one-pass check accepts it, undefined when the caller must run
 * checkLeaf on the stored bytes. A lossy decode of invalid UTF-8 leaves U+FFFD in the text, and
 * re-encoding that could give back the bytes that were signed while the stored ones differ: any
 * leaf holding U+FFFD goes the byte path. (A BOM stays U+FEFF and fails the scan.)
 */
export function checkLeafText(text: string, position: number): Buffer | undefined {
  if (text.includes('\uFFFD') || !isCanonicalLeafTextAt(text, position)) return undefined;
  return leafHashOfText(text);
}
