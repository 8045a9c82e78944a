// One error class for file-integrity monitoring; the message says what to do next.
export type FimErrorCode =
  | 'POLICY_INVALID'
  | 'BASELINE_INVALID'
  | 'BASELINE_WRITE_FAILED'
  | 'ATTRIBUTE_TOOL_FAILED'
  | 'RESTORE_FAILED'
  | 'RESTORE_VERIFY_FAILED';

export const FIM_ERROR_CODES: readonly FimErrorCode[] = [
  'POLICY_INVALID',
  'BASELINE_INVALID',
  'BASELINE_WRITE_FAILED',
  'ATTRIBUTE_TOOL_FAILED',
  'RESTORE_FAILED',
  'RESTORE_VERIFY_FAILED',
];

export class FimError extends Error {
  readonly code: FimErrorCode;
  constructor(code: FimErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'FimError';
    this.code = code;
  }
}
