// Starts the syslog listeners and file tailers configured for this server (issue 3). Records go
// through source-ingest-service.ts like an import; a listener waits for the durable commit before
// it reads on (TCP/TLS connections pause meanwhile: backpressure), and a tailer persists its file
// offset only after the lines before it are durably in the log.
import { readFileSync } from 'node:fs';
import {
  createDecoder,
  FileTailer,
  SyslogListener,
  type NormalizedRecord,
  type SourceDecoder,
  type SyslogListenerOptions,
  type TailState,
  type Transport,
} from '@keywatch/sources';
import type { ServerContext, TailConfig } from '../server-context.ts';
import { secretsKeyFor } from './secrets-key.ts';
import { ingestRecords } from './source-ingest-service.ts';

/** How often a tailer looks for new lines. */
export const TAIL_POLL_MS = 200;
/** A busy file still gets its decoder flushed and its offset committed this often. */
export const TAIL_COMMIT_MS = 5000;

const ports = new WeakMap<ServerContext, Partial<Record<Transport, number>>>();

/** The syslog ports bound for this context (port 0 in the config picks a free one). */
export function sourceListenerPorts(ctx: ServerContext): Partial<Record<Transport, number>> {
  return ports.get(ctx) ?? {};
}

const warn = (message: string): void => {
  process.emitWarning(`keywatch sources: ${message}`);
};

export async function startSourceListeners(ctx: ServerContext): Promise<() => Promise<void>> {
  const stops: (() => Promise<void>)[] = [];
  const stopAll = async (): Promise<void> => {
    for (const stop of stops.reverse()) await stop();
  };
  try {
    const syslog = ctx.config.syslog;
    if (
      syslog &&
      (syslog.udpPort !== undefined || syslog.tcpPort !== undefined || syslog.tlsPort !== undefined)
    ) {
      const listener = await startSyslog(ctx);
      stops.push(() => listener.stop());
    }
    for (const t of ctx.config.tail ?? []) {
      const tail = await startTail(ctx, t);
      stops.push(tail);
    }
  } catch (err) {
    await stopAll();
    throw err;
  }
  return stopAll;
}

async function startSyslog(ctx: ServerContext): Promise<SyslogListener> {
  const s = ctx.config.syslog!;
  const host = s.host ?? '127.0.0.1';
  const opts: SyslogListenerOptions = {
    decoder: { hmacKey: await secretsKeyFor(ctx) },
    onRecords: async (records, meta) => {
      const via = `syslog:${meta.transport}:${meta.remote}`;
      await ingestRecords('syslog', records, {
        store: ctx.store,
        sequencer: ctx.sequencer,
        actor: {
          id: via,
          roles: ['ingest'],
          type: 'service',
          ip: meta.remote.replace(/:\d+$/, ''),
        },
        via,
      });
    },
    onError: (err, meta) => warn(`syslog ${meta.transport} ${meta.remote}: ${err.message}`),
  };
  if (s.udpPort !== undefined) opts.udp = { port: s.udpPort, host };
  if (s.tcpPort !== undefined) opts.tcp = { port: s.tcpPort, host };
  if (s.tlsPort !== undefined) {
    if (s.tlsCertFile === undefined || s.tlsKeyFile === undefined) {
      throw new Error('syslog over TLS needs a certificate and a key file (--tls-cert, --tls-key)');
    }
    opts.tls = {
      port: s.tlsPort,
      host,
      cert: readFileSync(s.tlsCertFile),
      key: readFileSync(s.tlsKeyFile),
    };
  }
  const listener = new SyslogListener(opts);
  ports.set(ctx, await listener.start());
  return listener;
}

/**
 * One poll loop per file. Lines go through one decoder for the file's life, so a Vault request and
 * its response pair across polls; the decoder is flushed and the offset committed when the file is
 * idle (or every TAIL_COMMIT_MS). Lines read after the last commit are read again after a crash:
 * their events have stable ids, so the sequencer answers them as duplicates — once in the log.
 */
async function startTail(ctx: ServerContext, t: TailConfig): Promise<() => Promise<void>> {
  const metaKey = `tail_state:${t.kind}:${t.path}`;
  const saved = await ctx.store.getMeta(metaKey);
  const state = saved === undefined ? undefined : (JSON.parse(saved) as TailState);
  const tailer = new FileTailer({
    path: t.path,
    state,
    onState: (s) => ctx.store.setMeta(metaKey, JSON.stringify(s)),
  });
  const decoder: SourceDecoder = createDecoder(t.kind, {
    hmacKey: await secretsKeyFor(ctx),
    host: t.path,
  });
  const via = `tail:${t.path}`;
  const ingest = async (records: NormalizedRecord[]): Promise<void> => {
    if (records.length === 0) return;
    await ingestRecords(t.kind, records, {
      store: ctx.store,
      sequencer: ctx.sequencer,
      actor: { id: via, roles: ['ingest'], type: 'service' },
      via,
    });
  };
  let uncommitted: TailState | undefined;
  let lastCommit = Date.now();
  const commit = async (): Promise<void> => {
    await ingest(decoder.flush());
    if (uncommitted) await tailer.commit(uncommitted);
    uncommitted = undefined;
    lastCommit = Date.now();
  };
  const step = async (): Promise<void> => {
    const batch = await tailer.poll();
    if (batch) {
      const records: NormalizedRecord[] = [];
      for (const line of batch.lines) for (const r of decoder.push(line)) records.push(r);
      await ingest(records);
      uncommitted = batch.state;
    }
    if (uncommitted && (!batch || Date.now() - lastCommit >= TAIL_COMMIT_MS)) await commit();
  };
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> = Promise.resolve();
  const loop = (): void => {
    running = step()
      .catch((err: unknown) => warn(`tail ${t.path}: ${(err as Error).message}`))
      .finally(() => {
        if (!stopped) timer = setTimeout(loop, TAIL_POLL_MS);
      });
  };
  loop();
  return async () => {
    stopped = true;
    clearTimeout(timer);
    await running;
    try {
      await commit();
    } finally {
      await tailer.close();
    }
  };
}
