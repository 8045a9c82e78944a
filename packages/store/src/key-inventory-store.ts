// The storage contract of keys in production (migration 0005-keys): the key inventory (what the
// KMS says exists, fed by lifecycle events, import and the API) and the latest observation of each
// deployed key (what a gate or an agent found at a host and location: fingerprints and verdicts,
// never key material). Every dialect implements it in keys/kysely-key-inventory-store.ts and passes
// test/key-inventory-store-tests.ts.

export interface KeyInventoryRecord {
  id: string;
  name: string | null;
  algorithm: string;
  size: number | null;
  usage: string | null;
  state: string;
  activation: string | null;
  expiry: string | null;
  fingerprint: string | null;
  kcv: string | null;
  locations: string[];
  shareable: boolean;
  /** event | import | api */
  source: string;
  updatedMs: number;
}

export interface KeyObservationRecord {
  host: string;
  label: string;
  /** gate | agent */
  origin: string;
  agentId: string | null;
  fingerprint: string | null;
  kcv: string | null;
  /** RSA modulus, hex: the batch GCD runs over every observed modulus. */
  modulus: string | null;
  verdict: string;
  /** The whole observation (KeyObservation JSON, no key material). */
  report: string;
  observedMs: number;
}

export interface KeyInventoryStore {
  /** Inserts or replaces each entry by id; resolves with how many were written. */
  upsertKeys(entries: readonly KeyInventoryRecord[]): Promise<number>;
  getKey(id: string): Promise<KeyInventoryRecord | undefined>;
  /** Ordered by id. */
  listKeys(): Promise<KeyInventoryRecord[]>;
  /** Keeps the latest observation per (host, label). */
  recordObservations(obs: readonly KeyObservationRecord[]): Promise<void>;
  /** Ordered by host, label. */
  listObservations(host?: string): Promise<KeyObservationRecord[]>;
}
