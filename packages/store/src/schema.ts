// Kysely table types. Column names are snake_case in SQL and mapped to the camelCase rows of
// log-store.ts by hand, so no naming plugin sits on the query path. The event index is `idx`
// because INDEX is a reserved word. 64-bit integers come back as JS numbers on both dialects
// (the PG pool parses int8; SQLite INTEGER is a number): every value here is below 2^53.
import type { Generated } from 'kysely';

/** The log itself: the exact leaf plus what lookups and the time filter need. */
export interface EventsTable {
  idx: number;
  id: string;
  time_ms: number;
  received_ms: number;
  leaf: Uint8Array;
}

/**
 * The filter index (see postings.ts): for each block of BLOCK_SIZE consecutive indexes and tag
 * ("type:key.create", "role:key_admin", …), the offsets within the block of the events carrying it.
 */
export interface EventPostingsTable {
  block: number;
  tag: string;
  offsets: Uint8Array;
}

/** The spans of SPAN_BLOCKS blocks in which each tag occurs: the way to a tag's postings. */
export interface EventTagSpansTable {
  tag: string;
  span: number;
}

/** Per block, the range of event times in it: lets time filters skip whole blocks. */
export interface EventBlocksTable {
  block: number;
  min_time: number;
  max_time: number;
}

export interface MerkleHashesTable {
  address: number;
  hash: Uint8Array;
}

export interface CheckpointsTable {
  size: number;
  root: Uint8Array;
  note: string;
  created_ms: number;
}

export interface QuarantineTable {
  id: Generated<number>;
  received_ms: number;
  source: string;
  field: string;
  reason: string;
  raw: string;
}

export interface TokensTable {
  id: string;
  secret_hash: Uint8Array;
  role: string;
  name: string;
  created_ms: number;
  revoked_ms: number | null;
  expires_ms: number | null;
  /** 0 or 1: an integer on both dialects, so one schema serves both. */
  single_use: number;
  used_ms: number | null;
}

export interface MetaTable {
  key: string;
  value: string;
}

export interface Database {
  events: EventsTable;
  event_postings: EventPostingsTable;
  event_tag_spans: EventTagSpansTable;
  event_blocks: EventBlocksTable;
  merkle_hashes: MerkleHashesTable;
  checkpoints: CheckpointsTable;
  quarantine: QuarantineTable;
  tokens: TokensTable;
  meta: MetaTable;
}

export type DialectName = 'sqlite' | 'postgres';
