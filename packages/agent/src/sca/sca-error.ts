// One error class for configuration assessment (policies, OVAL, inventory, agentless); the
// message says what to do next. Evaluation problems inside a check are results ("error"), not
// exceptions: only unusable inputs throw.
export type ScaErrorCode =
  'POLICY_INVALID' | 'OVAL_INVALID' | 'VARIABLES_INVALID' | 'FEED_INVALID' | 'REMOTE_FAILED';

export const SCA_ERROR_CODES: readonly ScaErrorCode[] = [
  'POLICY_INVALID',
  'OVAL_INVALID',
  'VARIABLES_INVALID',
  'FEED_INVALID',
  'REMOTE_FAILED',
];

export class ScaError extends Error {
  readonly code: ScaErrorCode;
  constructor(code: ScaErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'ScaError';
    this.code = code;
  }
}
