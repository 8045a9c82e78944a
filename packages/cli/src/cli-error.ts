// One error class for the command line; the message says what to do next.
export type CliErrorCode =
  'USAGE' | 'SERVER_ERROR' | 'VERIFY_FAILED' | 'STATE_INVALID' | 'INPUT_INVALID';
export const CLI_ERROR_CODES: readonly CliErrorCode[] = [
  'USAGE',
  'SERVER_ERROR',
  'VERIFY_FAILED',
  'STATE_INVALID',
  'INPUT_INVALID',
];

export class CliError extends Error {
  readonly code: CliErrorCode;
  constructor(code: CliErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'CliError';
    this.code = code;
  }
}
