// @keywatch/auditlog: RFC 8785 leaves, the RFC 9162 Merkle tree and its proofs, C2SP signed
// checkpoints, and whole-log verification. Pure: no I/O besides node:crypto.
export { AuditLogError, AUDIT_LOG_ERROR_CODES } from './audit-log-error.ts';
export type { AuditLogErrorCode } from './audit-log-error.ts';
export { leafHash, nodeHash, EMPTY_ROOT, rootFromLeafHashes } from './merkle-hash.ts';
export { storedHashIndex, storedHashCount } from './stored-hash-index.ts';
export { MerkleFrontier } from './merkle-frontier.ts';
export { subtreeLevels, chunkPrefixNodes } from './subtree-levels.ts';
export { inclusionProofPlan, inclusionProof, verifyInclusion } from './inclusion-proof.ts';
export { consistencyProofPlan, consistencyProof, verifyConsistency } from './consistency-proof.ts';
export { treeRootPlan, treeRoot } from './tree-root.ts';
export { canonicalLeaf, decodeLeaf, parseLeaf } from './canonical-leaf.ts';
export { leafTemplate, leafFromTemplate } from './leaf-template.ts';
export { MAX_DEPTH as MAX_JCS_DEPTH } from './jcs-serialize.ts';
export type { LeafTemplate } from './leaf-template.ts';
export { genesisEvent, checkGenesis } from './genesis-entry.ts';
export { formatCheckpoint, parseCheckpoint } from './checkpoint-format.ts';
export type { Checkpoint } from './checkpoint-format.ts';
export {
  generateSignerKey,
  parseSignerKey,
  verifierKeyFromSignerKey,
  parseVerifierKey,
} from './note-keys.ts';
export type { NoteSigner, NoteVerifier } from './note-keys.ts';
export { signNote, openNote } from './signed-note.ts';
export { signCheckpoint, openCheckpoint } from './checkpoint-note.ts';
export { LogVerifier, checkLeaf, checkLeafText } from './log-verifier.ts';
export type { TrustedState } from './log-verifier-steps.ts';
