// One error class for the HTTP API; its code is the `code` of the error body (docs/errors.md).
export type ApiErrorCode =
  | 'UNAUTHENTICATED'
  | 'FORBIDDEN'
  | 'BAD_REQUEST'
  | 'BAD_JSON'
  | 'BODY_TOO_LARGE'
  | 'TOO_MANY_EVENTS'
  | 'UNSUPPORTED_MEDIA_TYPE'
  | 'RATE_LIMITED'
  | 'NOT_FOUND'
  | 'PROOF_RANGE_INVALID'
  | 'LOG_UNAVAILABLE'
  | 'CONFLICT'
  | 'RULE_INVALID'
  | 'LOGIN_FAILED'
  | 'TOTP_REQUIRED'
  | 'ACCOUNT_LOCKED'
  | 'CSRF_INVALID'
  | 'ENROLLMENT_TOKEN_INVALID'
  | 'AGENT_SIGNATURE_INVALID'
  | 'AGENT_REPLAY'
  | 'INTERNAL';

export const API_ERROR_CODES: readonly ApiErrorCode[] = [
  'UNAUTHENTICATED',
  'FORBIDDEN',
  'BAD_REQUEST',
  'BAD_JSON',
  'BODY_TOO_LARGE',
  'TOO_MANY_EVENTS',
  'UNSUPPORTED_MEDIA_TYPE',
  'RATE_LIMITED',
  'NOT_FOUND',
  'PROOF_RANGE_INVALID',
  'LOG_UNAVAILABLE',
  'CONFLICT',
  'RULE_INVALID',
  'LOGIN_FAILED',
  'TOTP_REQUIRED',
  'ACCOUNT_LOCKED',
  'CSRF_INVALID',
  'ENROLLMENT_TOKEN_INVALID',
  'AGENT_SIGNATURE_INVALID',
  'AGENT_REPLAY',
  'INTERNAL',
];

const STATUS: Record<ApiErrorCode, number> = {
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  BAD_REQUEST: 400,
  BAD_JSON: 400,
  BODY_TOO_LARGE: 413,
  TOO_MANY_EVENTS: 413,
  UNSUPPORTED_MEDIA_TYPE: 415,
  RATE_LIMITED: 429,
  NOT_FOUND: 404,
  CONFLICT: 409,
  RULE_INVALID: 400,
  LOGIN_FAILED: 401,
  TOTP_REQUIRED: 401,
  ACCOUNT_LOCKED: 423,
  CSRF_INVALID: 403,
  ENROLLMENT_TOKEN_INVALID: 401,
  AGENT_SIGNATURE_INVALID: 401,
  AGENT_REPLAY: 401,
  PROOF_RANGE_INVALID: 400,
  LOG_UNAVAILABLE: 503,
  INTERNAL: 500,
};

export class ApiError extends Error {
  readonly code: ApiErrorCode;
  readonly statusCode: number;
  constructor(code: ApiErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'ApiError';
    this.code = code;
    this.statusCode = STATUS[code];
  }
}
