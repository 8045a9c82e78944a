// SP 800-57 Part 1 Rev. 5 §5.3.6 cryptoperiods, checked against a clock: past the end date the
// inventory gives, or active longer than Table 1's period for the key's usage when it gives none.
// Shared by the agent (gate, key probes) and the server (reports compared with its inventory).
import type { KeyObservationFinding } from './key-inventory.ts';

export type KeyUsage =
  'sign' | 'verify' | 'encrypt' | 'wrap' | 'mac' | 'tls' | 'agreement' | 'other';

// SP 800-57 Pt 1 Rev. 5 Table 1, the upper end of each originator-usage period, in days.
export const CRYPTOPERIOD_DAYS: Record<KeyUsage, number> = {
  sign: 3 * 365, // private signature key: 1–3 years
  verify: 3 * 365, // kept to the signing half here: a verification key outlives it, but not in service
  encrypt: 2 * 365, // symmetric data-encryption key: ≤ 2 years
  wrap: 2 * 365, // symmetric key-wrapping key: ≤ 2 years
  mac: 2 * 365, // symmetric authentication key: ≤ 2 years
  tls: 2 * 365, // key-transport / agreement private key: 1–2 years
  agreement: 2 * 365,
  other: 2 * 365,
};

export interface Lifecycle {
  readonly usage?: KeyUsage;
  readonly activation?: string;
  readonly expiry?: string;
}

const DAY = 86_400_000;

export function checkCryptoperiod(l: Lifecycle, now: Date): KeyObservationFinding {
  if (l.expiry && Date.parse(l.expiry) < now.getTime())
    return {
      check: 'cryptoperiod',
      status: 'fail',
      reason: `past its cryptoperiod end ${l.expiry.slice(0, 10)}`,
    };
  if (l.activation) {
    const days = CRYPTOPERIOD_DAYS[l.usage ?? 'other'];
    const age = (now.getTime() - Date.parse(l.activation)) / DAY;
    if (!l.expiry && age > days)
      return {
        check: 'cryptoperiod',
        status: 'fail',
        reason: `not rotated in time: active ${Math.floor(age)} days (SP 800-57: ≤ ${days} for ${l.usage ?? 'other'})`,
      };
  }
  return {
    check: 'cryptoperiod',
    status: 'pass',
    reason: l.expiry ? `cryptoperiod ends ${l.expiry.slice(0, 10)}` : 'within cryptoperiod',
  };
}
