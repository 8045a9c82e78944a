// One error class for the sources package with a closed code list. Decoders never throw on bad
// input (that is quarantined with a QuarantineCode); SourceError is for caller mistakes and I/O.
export type SourceErrorCode =
  | 'INVALID_OPTIONS'
  | 'UNKNOWN_SOURCE'
  | 'FRAME_TOO_LARGE'
  | 'FRAMING_ERROR'
  | 'LISTENER_FAILED'
  | 'TAIL_FAILED'
  | 'STATE_CORRUPT';

export const SOURCE_ERROR_CODES: readonly SourceErrorCode[] = [
  'INVALID_OPTIONS',
  'UNKNOWN_SOURCE',
  'FRAME_TOO_LARGE',
  'FRAMING_ERROR',
  'LISTENER_FAILED',
  'TAIL_FAILED',
  'STATE_CORRUPT',
];

export class SourceError extends Error {
  readonly code: SourceErrorCode;
  constructor(code: SourceErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'SourceError';
    this.code = code;
  }
}

/** Why a record was quarantined; the reason text says the rest (which field, what was wrong). */
export type QuarantineCode =
  | 'invalid_json'
  | 'invalid_syntax'
  | 'not_from_source'
  | 'too_large'
  | 'invalid_event'
  | 'unsupported';

export const QUARANTINE_CODES: readonly QuarantineCode[] = [
  'invalid_json',
  'invalid_syntax',
  'not_from_source',
  'too_large',
  'invalid_event',
  'unsupported',
];
