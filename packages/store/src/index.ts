// The public surface of @keywatch/store: the LogStore contract, its error type, and the openers.
export type {
  AppendBatch,
  CheckpointRow,
  EventFilter,
  EventRow,
  LeafRow,
  LogStore,
  QuarantineRow,
  TokenRow,
} from './log-store.ts';
export type {
  AlertActorRef,
  AlertFilter,
  AlertHistoryEntry,
  AlertRecord,
  AlertSeverity,
  AlertStatus,
  AlertStore,
  AlertSummary,
  AlertWrite,
  DetectionApply,
  OutboxItem,
  OutboxOutcome,
  OutboxRow,
  OutboxState,
} from './alert-store.ts';
export { ALERT_SEVERITIES, ALERT_STATUSES, OUTBOX_STATES } from './alert-store.ts';
export type { SessionRecord, UserPatch, UserRecord, UserStore } from './user-store.ts';
export type { AgentRecord, AgentStore } from './agent-store.ts';
export type {
  FimBaselineRecord,
  FimCommandKind,
  FimCommandRecord,
  FimCommandStatus,
  FimStore,
} from './fim-store.ts';
export type {
  KeyInventoryRecord,
  KeyInventoryStore,
  KeyObservationRecord,
} from './key-inventory-store.ts';
export { PERF_RESOLUTIONS } from './perf-series-store.ts';
export type {
  PerfPoint,
  PerfResolution,
  PerfSample,
  PerfSeriesStore,
} from './perf-series-store.ts';
export { StoreError, STORE_ERROR_CODES } from './store-error.ts';
export type { StoreErrorCode } from './store-error.ts';
export { openSqliteStore } from './dialect/sqlite/sqlite-log-store.ts';
export { openPostgresStore } from './dialect/postgres/postgres-log-store.ts';
export { openStore } from './open-store.ts';
