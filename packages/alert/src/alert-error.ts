// One error class for alerting with a closed code list (docs/errors.md, "Alerts"). The server maps
// these onto HTTP answers; callers switch on `code`, never on the message.
export const ALERT_ERROR_CODES = [
  'ALERT_NOT_FOUND',
  'INVALID_TRANSITION',
  'COMMENT_REQUIRED',
  'INVALID_SUPPRESSION',
  'INVALID_DETECTION',
  'INVALID_CHANNEL_CONFIG',
] as const;

export type AlertErrorCode = (typeof ALERT_ERROR_CODES)[number];

export class AlertError extends Error {
  readonly code: AlertErrorCode;
  constructor(code: AlertErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'AlertError';
    this.code = code;
  }
}
