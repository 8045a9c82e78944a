// One error class for the agent runtime (enrollment, transport, spool, policy, probes); the
// message says what to do next. FIM has its own (fim/fim-error.ts).
export type AgentErrorCode =
  | 'NOT_ENROLLED'
  | 'ALREADY_ENROLLED'
  | 'SERVER_UNREACHABLE'
  | 'SERVER_REFUSED'
  | 'SPOOL_FULL'
  | 'SPOOL_CORRUPT'
  | 'POLICY_INVALID'
  | 'CONFIG_INVALID';

export const AGENT_ERROR_CODES: readonly AgentErrorCode[] = [
  'NOT_ENROLLED',
  'ALREADY_ENROLLED',
  'SERVER_UNREACHABLE',
  'SERVER_REFUSED',
  'SPOOL_FULL',
  'SPOOL_CORRUPT',
  'POLICY_INVALID',
  'CONFIG_INVALID',
];

export class AgentError extends Error {
  readonly code: AgentErrorCode;
  constructor(code: AgentErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'AgentError';
    this.code = code;
  }
}
