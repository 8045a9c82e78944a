// Opens everything a running server needs — store (SQLite in DATA_DIR by default, PostgreSQL by
// URL), migrations, the single-writer lock, the log's signing key and the sequencer — and, on a
// log's first start, writes an admin token to DATA_DIR/initial-admin-token (mode 0600).
import { chmodSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { openStore, type LogStore } from '@keywatch/store';
import { TokenService } from './auth/token-service.ts';
import { buildApp, type BuildAppOptions } from './build-app.ts';
import { loadOrCreateLogIdentity } from './log-identity.ts';
import { Sequencer } from './sequencer/sequencer.ts';
import { DEFAULT_CONFIG, type ServerConfig, type ServerContext } from './server-context.ts';
import { ServerMetrics } from './server-metrics.ts';
import { startSourceListeners } from './sources/source-listeners.ts';
import { startAlerting, type Alerting } from './detection/start-alerting.ts';
import { LiveFeed } from './live/live-feed.ts';
import { SessionService } from './people/session-service.ts';
import { UserService } from './people/user-service.ts';
import { AgentService } from './agents/agent-service.ts';

export interface OpenServerOptions extends BuildAppOptions {
  dataDir: string;
  databaseUrl?: string;
  origin?: string;
  config?: Partial<ServerConfig>;
  /** Collect Node process metrics (off in tests that open many servers). */
  processMetrics?: boolean;
}

export interface KeywatchServer {
  app: FastifyInstance;
  context: ServerContext;
  /** Path of the initial admin token file when this start created it. */
  initialAdminTokenFile: string | undefined;
  close(): Promise<void>;
}

export const INITIAL_ADMIN_TOKEN_FILE = 'initial-admin-token';

export async function openServer(opts: OpenServerOptions): Promise<KeywatchServer> {
  const store = await openStore({
    dataDir: opts.dataDir,
    ...(opts.databaseUrl !== undefined && { databaseUrl: opts.databaseUrl }),
  });
  try {
    await store.migrate();
    if (!(await store.tryAcquireWriterLock())) {
      throw new Error('another keywatch server is already writing this log (writer lock held)');
    }
    const identity = loadOrCreateLogIdentity(opts.dataDir, opts.origin);
    const metrics = new ServerMetrics(opts.processMetrics ?? false);
    // Detection subscribes to commits once it exists (it needs the sequencer to append alerts).
    const late: { alerting?: Alerting } = {};
    const live = new LiveFeed();
    const sequencer = await Sequencer.open({
      store,
      identity,
      onCommit: (rows, seconds) => {
        metrics.commitSeconds.observe(seconds);
        late.alerting?.pipeline.enqueue(rows.map((r) => r.leaf));
        live.publish(rows);
      },
      throttle: () => late.alerting?.pipeline.throttle(),
    });
    const config = { ...DEFAULT_CONFIG, dataDir: opts.dataDir, ...opts.config };
    const alerting = (late.alerting = await startAlerting({
      store,
      sequencer,
      metrics,
      config: config.alerting,
      onError: (err) => process.emitWarning(`keywatch alerting: ${(err as Error).message}`),
    }));
    const tokens = new TokenService(store);
    const initialAdminTokenFile = await writeInitialAdminToken(store, tokens, opts.dataDir);
    const context: ServerContext = {
      store,
      sequencer,
      tokens,
      identity,
      metrics,
      config,
      alerts: alerting.alerts,
      rules: alerting.rules,
      detection: alerting.pipeline,
      channels: alerting.channels,
      users: new UserService(store, sequencer),
      sessions: new SessionService(store, sequencer, config.auth),
      live,
      agents: new AgentService(store, sequencer, identity, config.agents),
    };
    context.agents.start();
    const app = await buildApp(context, opts);
    const stopSources = await startSourceListeners(context);
    return {
      app,
      context,
      initialAdminTokenFile,
      close: async () => {
        await stopSources();
        await context.agents.stop();
        await app.close();
        await sequencer.drain();
        await alerting.close();
        await sequencer.drain();
        await store.close();
      },
    };
  } catch (err) {
    await store.close();
    throw err;
  }
}

async function writeInitialAdminToken(
  store: LogStore,
  tokens: TokenService,
  dataDir: string,
): Promise<string | undefined> {
  if ((await store.getMeta('initial_admin_token_id')) !== undefined) return undefined;
  const path = join(dataDir, INITIAL_ADMIN_TOKEN_FILE);
  const { id, token } = await tokens.create({ role: 'admin', name: 'initial-admin' });
  writeFileSync(path, token + '\n', { mode: 0o600 });
  chmodSync(path, 0o600); // mode applies only on creation
  await store.setMeta('initial_admin_token_id', id);
  return path;
}
