// One error class for key checks, the deployment gate and the agent's key probes; the message says
// what to do next. A failed check is not an error: it is a finding in a KeyReport.
export type KeyCheckErrorCode =
  | 'KEY_UNREADABLE'
  | 'KEY_FORMAT_UNSUPPORTED'
  | 'PASSPHRASE_REQUIRED'
  | 'TOKEN_FAILED'
  | 'INVENTORY_INVALID'
  | 'POLICY_INVALID';

export const KEY_CHECK_ERROR_CODES: readonly KeyCheckErrorCode[] = [
  'KEY_UNREADABLE',
  'KEY_FORMAT_UNSUPPORTED',
  'PASSPHRASE_REQUIRED',
  'TOKEN_FAILED',
  'INVENTORY_INVALID',
  'POLICY_INVALID',
];

export class KeyCheckError extends Error {
  readonly code: KeyCheckErrorCode;
  constructor(code: KeyCheckErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'KeyCheckError';
    this.code = code;
  }
}
