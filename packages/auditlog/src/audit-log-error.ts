// One error class for the whole package, with a closed list of codes: callers (the CLI, the
// server) branch on `code`, and docs/errors.md documents every entry of AUDIT_LOG_ERROR_CODES.

const CODES = [
  'LEAF_NOT_CANONICAL',
  'LEAF_MALFORMED',
  'LEAF_INDEX_MISMATCH',
  'GENESIS_INVALID',
  'CHECKPOINT_MALFORMED',
  'CHECKPOINT_SIGNATURE_INVALID',
  'CHECKPOINT_ORIGIN_MISMATCH',
  'CHECKPOINT_SIZE_MISMATCH',
  'ROOT_MISMATCH',
  'INCLUSION_PROOF_INVALID',
  'CONSISTENCY_PROOF_INVALID',
  'NOTE_MALFORMED',
  'KEY_MALFORMED',
  'LOG_TRUNCATED',
  'LOG_FORKED',
  'PROOF_RANGE_INVALID',
] as const;

export type AuditLogErrorCode = (typeof CODES)[number];

/** Every code, in the order of docs/errors.md (a test keeps the two equal). */
export const AUDIT_LOG_ERROR_CODES: readonly AuditLogErrorCode[] = Object.freeze([...CODES]);

export class AuditLogError extends Error {
  readonly code: AuditLogErrorCode;
  /** The log index (leaf position) the failure is about, when there is one. */
  readonly index: number | undefined;

  constructor(
    code: AuditLogErrorCode,
    message: string,
    options?: { index?: number; cause?: unknown },
  ) {
    super(message, options && 'cause' in options ? { cause: options.cause } : undefined);
    this.name = 'AuditLogError';
    this.code = code;
    this.index = options?.index;
  }
}
