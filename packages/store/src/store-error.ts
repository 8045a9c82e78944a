// One error class for the storage layer with a closed code list (docs/errors.md, "Storage"). The
// server maps these onto its own HTTP codes; callers switch on `code`, never on the message.
export type StoreErrorCode =
  | 'APPEND_CONFLICT'
  | 'NOT_FOUND'
  | 'DATABASE_UNAVAILABLE'
  | 'MIGRATION_FAILED'
  | 'WRITER_LOCKED'
  | 'INVALID_QUERY';

export const STORE_ERROR_CODES: readonly StoreErrorCode[] = [
  'APPEND_CONFLICT',
  'NOT_FOUND',
  'DATABASE_UNAVAILABLE',
  'MIGRATION_FAILED',
  'WRITER_LOCKED',
  'INVALID_QUERY',
];

export class StoreError extends Error {
  readonly code: StoreErrorCode;
  constructor(code: StoreErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'StoreError';
    this.code = code;
  }
}
