// `keywatch serve --watch-self` (docs/fim.md, "Self-monitoring"): the agent's FIM scanner, in the
// server process, over the server's own code, its configuration file and its data directory. Its
// events go straight into the log through the sequencer (no agent, no spool: the server is the
// log). The live database, its WAL and lock files and the scanner's own state are excluded —
// they change by design; the signing and secrets keys and the admin token file are watched.
import { mkdirSync } from 'node:fs';
import { hostname } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { FimModule } from '@keywatch/agent';
import type { NativeEvent } from '@keywatch/protocol';
import type { Sequencer } from '@keywatch/server';

export interface SelfWatchOptions {
  sequencer: Pick<Sequencer, 'record'>;
  dataDir: string;
  configFile?: string;
  /** The code to watch; default: the installation's packages/ (without node_modules and tests). */
  codeDirs?: string[];
  /** Extra keys of the fim policy section (e.g. scanIntervalSec, realtime). */
  policy?: Record<string, unknown>;
  log?: (message: string) => void;
}

export const SELF_STATE_DIR = 'self-fim';

/** packages/ of this installation: cli/src/commands → ../../.. */
export function defaultCodeDir(): string {
  return resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
}

export function selfWatchPolicy(o: SelfWatchOptions): Record<string, unknown> {
  const data = resolve(o.dataDir);
  return {
    paths: [
      ...(o.codeDirs ?? [defaultCodeDir()]).map((p) => ({
        path: resolve(p),
        exclude: ['**/node_modules', '**/test', '**/*.tsbuildinfo'],
      })),
      ...(o.configFile !== undefined ? [resolve(o.configFile)] : []),
      data,
    ],
    exclude: [
      join(data, SELF_STATE_DIR),
      join(data, 'keywatch.db'),
      join(data, 'keywatch.db-*'),
      join(data, 'keywatch.db.lock'),
    ],
    dpkg: { enabled: false },
    audit: { enabled: false },
    hashWorkers: 0,
    ...o.policy,
  };
}

/** The scanner's events as the server's own: host and source kind set, a service as the actor. */
function asServerEvent(e: NativeEvent, host: string): NativeEvent {
  return {
    ...e,
    actor: e.actor.type === 'agent' ? { id: 'keywatch', type: 'service' } : e.actor,
    source: { ...e.source, kind: 'fim', host },
    detail: { ...e.detail, self: true },
  };
}

export async function startSelfWatch(o: SelfWatchOptions): Promise<FimModule> {
  const stateDir = join(o.dataDir, SELF_STATE_DIR);
  mkdirSync(stateDir, { recursive: true, mode: 0o700 });
  const host = hostname();
  const fim = new FimModule();
  await fim.start(
    {
      agentId: 'keywatch-server',
      stateDir,
      emit: async (e) => {
        await o.sequencer.record(asServerEvent(e, host));
      },
      request: () => Promise.reject(new Error('self-monitoring makes no requests')),
      log: (level, message) => {
        if (level !== 'debug') o.log?.(`watch-self ${level}: ${message}`);
      },
    },
    selfWatchPolicy(o),
  );
  return fim;
}
