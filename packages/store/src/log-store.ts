// The storage contract of one audit log. Every dialect implements it and passes the same
// conformance suite (test/conformance-suite.ts); the server and CLI only ever see this interface.
import type { AlertStore } from './alert-store.ts';
import type { UserStore } from './user-store.ts';
import type { AgentStore } from './agent-store.ts';
import type { FimStore } from './fim-store.ts';
import type { KeyInventoryStore } from './key-inventory-store.ts';
import type { PerfSeriesStore } from './perf-series-store.ts';

/** One log entry as written by the sequencer. */
export interface EventRow {
  index: number;
  id: string;
  /** Event time and server receive time, epoch ms. */
  timeMs: number;
  receivedMs: number;
  type: string;
  outcome: string;
  actorId: string | null;
  actorRoles: string[];
  targetId: string | null;
  targetType: string | null;
  host: string | null;
  sourceKind: string | null;
  severity: string | null;
  /** The exact RFC 8785 leaf bytes; stored and returned unaltered. */
  leaf: Uint8Array;
}

export interface CheckpointRow {
  size: number;
  root: Uint8Array;
  note: string;
  createdMs: number;
}

export interface AppendBatch {
  /** Contiguous indexes; the first equals the current log size. */
  events: EventRow[];
  /** Merkle stored hashes at contiguous integer addresses from `start`. */
  hashes: { start: number; values: Uint8Array[] };
  /** The signed checkpoint covering the batch. */
  checkpoint: CheckpointRow;
}

export interface EventFilter {
  types?: string[];
  typePrefix?: string;
  actorId?: string;
  role?: string;
  outcome?: string;
  targetId?: string;
  host?: string;
  sourceKind?: string;
  severity?: string;
  /** On event time: inclusive since, exclusive until. */
  sinceMs?: number;
  untilMs?: number;
  /** Keyset cursor: only indexes < beforeIndex. */
  beforeIndex?: number;
}

export interface QuarantineRow {
  id: number;
  receivedMs: number;
  source: string;
  field: string;
  reason: string;
  raw: string;
}

export interface TokenRow {
  id: string;
  secretHash: Uint8Array;
  role: string;
  name: string;
  createdMs: number;
  revokedMs: number | null;
  expiresMs: number | null;
  singleUse: boolean;
  usedMs: number | null;
}

export interface LeafRow {
  index: number;
  leaf: Uint8Array;
}

export interface LogStore {
  readonly dialect: 'sqlite' | 'postgres';
  /** Idempotent: brings the schema to the latest migration. */
  migrate(): Promise<void>;
  /**
   * One transaction, durable when the promise resolves (SQLite WAL + synchronous=FULL; PG
   * synchronous_commit on). Inserts events, hashes and the checkpoint atomically; if
   * events[0].index !== current size (or any index/hash address already exists) it writes nothing
   * and throws StoreError APPEND_CONFLICT. A half-written batch is never visible.
   */
  appendBatch(batch: AppendBatch): Promise<void>;
  /**
   * True when appendBatch calls run strictly in call order, so a caller may send batch N+1 (whose
   * positions follow N's) before N has resolved; if N fails, every later one fails too.
   */
  readonly pipelinedAppends: boolean;
  /** Number of events (max index + 1, 0 when empty). */
  logSize(): Promise<number>;
  findIndexesByIds(ids: readonly string[]): Promise<Map<string, number>>;
  /** Throws NOT_FOUND if any address is missing. */
  readHashes(addresses: readonly number[]): Promise<Map<number, Uint8Array>>;
  readLeaf(index: number): Promise<Uint8Array | undefined>;
  /** Ascending; the caller pages (e.g. 10,000 at a time). */
  readLeaves(start: number, endExclusive: number): Promise<LeafRow[]>;
  latestCheckpoint(): Promise<CheckpointRow | undefined>;
  checkpointForSize(size: number): Promise<CheckpointRow | undefined>;
  /** Ascending size. */
  listCheckpoints(opts: { afterSize?: number; limit: number }): Promise<CheckpointRow[]>;
  /** Newest first (index descending), served from indexes: stays fast at millions of rows. */
  queryEvents(filter: EventFilter, limit: number): Promise<LeafRow[]>;
  addQuarantine(row: Omit<QuarantineRow, 'id'>): Promise<number>;
  /** Newest first. */
  listQuarantine(opts: {
    limit: number;
    beforeId?: number;
    source?: string;
  }): Promise<QuarantineRow[]>;
  /** Row count per source. */
  countQuarantine(): Promise<Record<string, number>>;
  insertToken(row: TokenRow): Promise<void>;
  findToken(id: string): Promise<TokenRow | undefined>;
  listTokens(): Promise<TokenRow[]>;
  /** True when this call revoked the token (false: unknown or already revoked). */
  revokeToken(id: string, atMs: number): Promise<boolean>;
  /** Atomic: true only for the first use of a single-use token. */
  markTokenUsed(id: string, atMs: number): Promise<boolean>;
  getMeta(key: string): Promise<string | undefined>;
  setMeta(key: string, value: string): Promise<void>;
  /**
   * One writer per log: PG → session-level pg_advisory_lock on a dedicated connection held until
   * close(); SQLite → an exclusive lock file next to the db (O_EXCL, pid inside, stale-pid
   * takeover). Resolves true when acquired, false if another live writer holds it (non-blocking).
   */
  tryAcquireWriterLock(): Promise<boolean>;
  /** Alerts and the notification outbox in the same database (alert-store.ts); after migrate(). */
  alerts(): AlertStore;
  /** People who sign in to the web view, and their sessions (user-store.ts); after migrate(). */
  users(): UserStore;
  /** Enrolled agents and their policies (agent-store.ts); after migrate(). */
  agents(): AgentStore;
  /** Server-side FIM: baselines, known-good content, agent commands (fim-store.ts); after migrate(). */
  fim(): FimStore;
  /** Key inventory and deployed-key observations (key-inventory-store.ts); after migrate(). */
  keys(): KeyInventoryStore;
  /** Performance time series with rollups (perf-series-store.ts); after migrate(). */
  perf(): PerfSeriesStore;
  close(): Promise<void>;
}
