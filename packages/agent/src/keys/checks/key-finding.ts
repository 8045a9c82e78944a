// What a check says about one key. A report's verdict is its worst finding.
export type FindingStatus = 'pass' | 'warn' | 'fail';

export type CheckName =
  | 'parse'
  | 'pair'
  | 'kat'
  | 'rsa_modulus'
  | 'rsa_exponent'
  | 'rsa_small_factor'
  | 'rsa_private'
  | 'roca'
  | 'shared_prime'
  | 'ec_point'
  | 'ec_curve'
  | 'sym_length'
  | 'des_parity'
  | 'des_weak'
  | 'all_zero'
  | 'algorithm_policy'
  | 'cryptoperiod'
  | 'cert_expiry'
  | 'cert_signature'
  | 'inventory'
  | 'duplicate';

export interface Finding {
  readonly check: CheckName;
  readonly status: FindingStatus;
  readonly reason: string;
}

export type Verdict = FindingStatus;

export function worst(findings: readonly Finding[]): Verdict {
  if (findings.some((f) => f.status === 'fail')) return 'fail';
  if (findings.some((f) => f.status === 'warn')) return 'warn';
  return 'pass';
}

export const pass = (check: CheckName, reason: string): Finding => ({
  check,
  status: 'pass',
  reason,
});
export const warn = (check: CheckName, reason: string): Finding => ({
  check,
  status: 'warn',
  reason,
});
export const fail = (check: CheckName, reason: string): Finding => ({
  check,
  status: 'fail',
  reason,
});
