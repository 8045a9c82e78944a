// Kysely table types of migration 0005-keys, apart from schema.ts like the FIM tables.
import type { Database } from '../schema.ts';

export interface KeyInventoryTable {
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
  locations: string;
  shareable: number;
  source: string;
  updated_ms: number;
}

export interface KeyObservationsTable {
  host: string;
  label: string;
  origin: string;
  agent_id: string | null;
  fingerprint: string | null;
  kcv: string | null;
  modulus: string | null;
  verdict: string;
  report: string;
  observed_ms: number;
}

export interface PerfBucketsTable {
  host: string;
  metric: string;
  resolution: number;
  bucket_ms: number;
  count: number;
  sum: number;
  min: number;
  max: number;
}

export type KeysDatabase = Database & {
  key_inventory: KeyInventoryTable;
  key_observations: KeyObservationsTable;
  perf_buckets: PerfBucketsTable;
};
