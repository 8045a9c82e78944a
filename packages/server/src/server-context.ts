// What the routes share: the store, the sequencer, tokens, the log's identity and the settings.
import type { LogStore } from '@keywatch/store';
import type { TokenService } from './auth/token-service.ts';
import type { LogIdentity } from './log-identity.ts';
import type { Sequencer } from './sequencer/sequencer.ts';
import type { ServerMetrics } from './server-metrics.ts';

export interface ServerConfig {
  /** Largest accepted request body, bytes. */
  bodyLimit: number;
  /** Requests per window per token (or per address when unauthenticated). */
  rateLimit: { max: number; windowMs: number };
}

export const DEFAULT_CONFIG: ServerConfig = {
  bodyLimit: 32 * 1024 * 1024,
  rateLimit: { max: 5000, windowMs: 1000 },
};

export interface ServerContext {
  store: LogStore;
  sequencer: Sequencer;
  tokens: TokenService;
  identity: LogIdentity;
  metrics: ServerMetrics;
  config: ServerConfig;
}
