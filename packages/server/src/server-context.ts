// What the routes share: the store, the sequencer, tokens, the log's identity and the settings.
import type { AlertService } from '@keywatch/alert';
import type { RuleSet } from '@keywatch/detect';
import type { SourceKind } from '@keywatch/sources';
import type { LogStore } from '@keywatch/store';
import type { AlertingConfig } from './detection/alerting-config.ts';
import type { DetectionPipeline } from './detection/detection-pipeline.ts';
import type { ChannelManager } from './detection/channel-manager.ts';
import type { TokenService } from './auth/token-service.ts';
import type { LogIdentity } from './log-identity.ts';
import type { LiveFeed } from './live/live-feed.ts';
import type { AuthSettings, SessionService } from './people/session-service.ts';
import type { UserService } from './people/user-service.ts';
import type { Sequencer } from './sequencer/sequencer.ts';
import type { ServerMetrics } from './server-metrics.ts';
import type { AgentService, AgentSettings } from './agents/agent-service.ts';

export interface ServerConfig {
  /** Largest accepted request body, bytes. */
  bodyLimit: number;
  /** Requests per window per token (or per address when unauthenticated). */
  rateLimit: { max: number; windowMs: number };
  /** Channels, routes and site rules (detection/alerting-config.ts). */
  alerting?: AlertingConfig;
  /** The data directory (set by openServer): per-log secrets key and tail offsets (SQLite). */
  dataDir?: string;
  /** Syslog listeners (docs/sources.md, "Getting records in"); port 0 picks a free one. */
  syslog?: SyslogConfig;
  /** Files followed like `tail -F`, each read with one adapter. */
  tail?: TailConfig[];
  /** Sign-in lockout and session lifetimes (people/session-service.ts DEFAULT_AUTH). */
  auth?: AuthSettings;
  /** The built web bundle to serve under / (default packages/web/dist). */
  webDir?: string;
  /** When an agent counts as silent (agents/agent-service.ts). */
  agents?: AgentSettings;
  /** Performance threshold limits, per host group and host (perf/perf-limits.ts). */
  perf?: { thresholds?: unknown };
}

export interface SyslogConfig {
  host?: string;
  udpPort?: number;
  tcpPort?: number;
  tlsPort?: number;
  /** PEM files, for tlsPort. */
  tlsCertFile?: string;
  tlsKeyFile?: string;
}

export interface TailConfig {
  kind: SourceKind;
  path: string;
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
  alerts: AlertService;
  rules: RuleSet;
  /** Notification channels of the configuration file and of the API. */
  channels: ChannelManager;
  /** Detection over committed events; `idle()` waits until it caught up. */
  detection: DetectionPipeline;
  /** People who sign in to the web view, their sessions, and the live feed of commits. */
  users: UserService;
  sessions: SessionService;
  live: LiveFeed;
  /** Enrolled agents: enrollment, signed transport, policies, silence. */
  agents: AgentService;
}
