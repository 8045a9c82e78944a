export { buildApp } from './build-app.ts';
export type { BuildAppOptions } from './build-app.ts';
export { openServer, INITIAL_ADMIN_TOKEN_FILE } from './keywatch-server.ts';
export type { KeywatchServer, OpenServerOptions } from './keywatch-server.ts';
export { Sequencer } from './sequencer/sequencer.ts';
export type { Appended, SequencedEvent, LatestCheckpoint } from './sequencer/sequencer.ts';
export { TokenService, isApiRole } from './auth/token-service.ts';
export type { Principal } from './auth/token-service.ts';
export { loadOrCreateLogIdentity, SIGNING_KEY_FILE } from './log-identity.ts';
export type { LogIdentity } from './log-identity.ts';
export { ApiError, API_ERROR_CODES } from './api-error.ts';
export type { ApiErrorCode } from './api-error.ts';
export { DEFAULT_CONFIG } from './server-context.ts';
export { AgentService } from './agents/agent-service.ts';
export type { AgentSettings, AgentView } from './agents/agent-service.ts';
export type { ServerConfig, ServerContext } from './server-context.ts';
export { ServerMetrics } from './server-metrics.ts';
export type { UserView } from './people/user-service.ts';
export { ingestItems, splitBody, MAX_EVENTS_PER_REQUEST } from './services/ingest-service.ts';
export type { IngestContext } from './services/ingest-service.ts';
export {
  bodyLines,
  decodeLines,
  ingestRecords,
  queuePrepared,
} from './sources/source-ingest-service.ts';
export { prepareRecords, PREPARE_WORKER } from './sources/prepared-records.ts';
export type { PreparedRecord } from './sources/prepared-records.ts';
export type { PrepareTask } from './sources/prepare-worker.ts';
export type {
  SourceIngestContext,
  SourceIngestResponse,
  SourceResult,
} from './sources/source-ingest-service.ts';
export { secretsKeyFor, loadOrCreateSecretsKey, SECRETS_KEY_FILE } from './sources/secrets-key.ts';
export { startSourceListeners, sourceListenerPorts } from './sources/source-listeners.ts';
