// The key inventory (what the KMS says exists) and a key observation (what a gate or an agent found
// deployed), and how one is compared with the other. Shared by the agent, the CLI and the server.
// States are SP 800-57 Part 1 Rev. 5 §7's key states.
export const KEY_STATES = [
  'pre_activation',
  'active',
  'suspended',
  'deactivated',
  'compromised',
  'destroyed',
] as const;
export type KeyState = (typeof KEY_STATES)[number];

export interface KeyInventoryEntry {
  readonly id: string;
  readonly name?: string;
  /** rsa, ec, ed25519, aes, tdes, hmac … */
  readonly algorithm: string;
  readonly size?: number;
  /** sign, verify, encrypt, wrap, mac, tls, agreement, other (SP 800-57 Table 1 rows) */
  readonly usage?: string;
  readonly state: KeyState;
  readonly activation?: string;
  readonly expiry?: string;
  /** sha256:<hex> of the SubjectPublicKeyInfo (asymmetric keys, certificates). */
  readonly fingerprint?: string;
  /** Key check value, hex upper case (symmetric keys; CMAC or legacy form). */
  readonly kcv?: string;
  /** Where it is deployed: a path, `host:path`, or a `pkcs11:` label. */
  readonly locations?: readonly string[];
  /** The key may be deployed in several places (otherwise a second place is a duplicate). */
  readonly shareable?: boolean;
}

export interface KeyObservationFinding {
  readonly check: string;
  readonly status: 'pass' | 'warn' | 'fail';
  readonly reason: string;
}

/** What leaves the host about one key: fingerprints and metadata, never key material. */
export interface KeyObservation {
  readonly label: string;
  readonly kind: string;
  readonly algorithm: string;
  readonly bits: number;
  readonly curve?: string;
  readonly fingerprint?: string;
  readonly kcv?: { readonly cmac?: string; readonly legacy?: string };
  readonly modulus?: string;
  readonly subject?: string;
  readonly notAfter?: string;
  readonly verdict: 'pass' | 'warn' | 'fail';
  readonly findings: readonly KeyObservationFinding[];
}

export interface InventoryMatch {
  readonly finding: KeyObservationFinding;
  readonly entry?: KeyInventoryEntry;
  /** True when a location's expected key is not the one found there: corrupted or substituted. */
  readonly mismatch: boolean;
}

function sameKey(o: KeyObservation, e: KeyInventoryEntry): boolean {
  if (e.fingerprint && o.fingerprint)
    return e.fingerprint.toLowerCase() === o.fingerprint.toLowerCase();
  if (e.kcv && o.kcv) return [o.kcv.cmac, o.kcv.legacy].includes(e.kcv.toUpperCase());
  return false;
}

const atLocation = (o: KeyObservation, e: KeyInventoryEntry, host?: string): boolean =>
  (e.locations ?? []).some(
    (l) => l === o.label || (host !== undefined && l === `${host}:${o.label}`),
  );

const BAD_STATES: readonly KeyState[] = ['compromised', 'destroyed', 'deactivated', 'suspended'];

export function matchInventory(
  o: KeyObservation,
  entries: readonly KeyInventoryEntry[],
  host?: string,
): InventoryMatch {
  const placed = entries.find((e) => atLocation(o, e, host));
  if (placed && !sameKey(o, placed)) {
    const expected = placed.fingerprint ?? `KCV ${placed.kcv}`;
    const found = o.fingerprint ?? `KCV ${o.kcv?.cmac ?? o.kcv?.legacy ?? '?'}`;
    return {
      entry: placed,
      mismatch: true,
      finding: {
        check: 'inventory',
        status: 'fail',
        reason: `deployment mismatch: ${placed.id} expects ${expected}, found ${found} (corrupted or substituted)`,
      },
    };
  }
  const entry = placed ?? entries.find((e) => sameKey(o, e));
  if (!entry)
    return {
      mismatch: false,
      finding: { check: 'inventory', status: 'warn', reason: 'not in the inventory' },
    };
  if (BAD_STATES.includes(entry.state))
    return {
      entry,
      mismatch: false,
      finding: { check: 'inventory', status: 'fail', reason: `${entry.id} is ${entry.state}` },
    };
  if (entry.size !== undefined && o.bits !== 0 && entry.size !== o.bits)
    return {
      entry,
      mismatch: true,
      finding: {
        check: 'inventory',
        status: 'fail',
        reason: `${entry.id} is ${entry.size} bits, found ${o.bits}`,
      },
    };
  return {
    entry,
    mismatch: false,
    finding: { check: 'inventory', status: 'pass', reason: `matches ${entry.id}` },
  };
}
