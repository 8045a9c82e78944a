// The shapes of GET /v1/keys and GET /v1/keys/observations (protocol/key-inventory.ts, docs/keys.md).
export const KEY_STATES = [
  'pre_activation',
  'active',
  'suspended',
  'deactivated',
  'compromised',
  'destroyed',
] as const;

export interface KeyEntry {
  id: string;
  name?: string;
  algorithm: string;
  size?: number;
  usage?: string;
  state: (typeof KEY_STATES)[number];
  activation?: string;
  expiry?: string;
  fingerprint?: string;
  kcv?: string;
  locations?: string[];
  shareable?: boolean;
}

export interface Finding {
  check: string;
  status: 'pass' | 'warn' | 'fail';
  reason: string;
}

export interface Observation {
  host: string;
  observed: string;
  label: string;
  kind: string;
  algorithm: string;
  bits: number;
  fingerprint?: string;
  kcv?: { cmac?: string; legacy?: string };
  verdict: 'pass' | 'warn' | 'fail';
  findings: Finding[];
}

/** The inventory names another key for this place: corrupted or substituted (critical). */
export const isMismatch = (o: Observation): boolean =>
  o.findings.some((f) => f.check === 'inventory' && f.reason.startsWith('deployment mismatch'));
