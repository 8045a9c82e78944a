// keywatch serve: the server on the embedded SQLite default, or PostgreSQL by URL.
import type { Command } from 'commander';
import { readFileSync } from 'node:fs';
import { parse as parseYaml } from 'yaml';
import { openServer, sourceListenerPorts, type ServerConfig } from '@keywatch/server';
import { SOURCE_KINDS, type SourceKind } from '@keywatch/sources';
import { CliError } from '../cli-error.ts';
import { startSelfWatch } from './self-watch.ts';

interface ServeFlags {
  dataDir: string;
  port: string;
  host: string;
  database?: string;
  config?: string;
  origin?: string;
  syslogUdp?: string;
  syslogTcp?: string;
  syslogTls?: string;
  syslogHost?: string;
  tlsCert?: string;
  tlsKey?: string;
  tail: string[];
  watchSelf?: boolean;
}

/** --tail KIND:PATH, repeatable: follow PATH like `tail -F`, read with the KIND adapter. */
function parseTail(spec: string): { kind: SourceKind; path: string } {
  const at = spec.indexOf(':');
  const kind = spec.slice(0, at);
  if (at <= 0 || !(SOURCE_KINDS as readonly string[]).includes(kind) || at === spec.length - 1) {
    throw new CliError(
      'USAGE',
      `--tail wants KIND:PATH with KIND one of ${SOURCE_KINDS.join(', ')}`,
    );
  }
  return { kind: kind as SourceKind, path: spec.slice(at + 1) };
}

function port(value: string | undefined, flag: string): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0 || n > 65535)
    throw new CliError('USAGE', `${flag} wants a port`);
  return n;
}

/** Source settings from the flags, over those of the config file's `server:` section. */
function sourceConfig(flags: ServeFlags, file: Partial<ServerConfig>): Partial<ServerConfig> {
  const syslog = { ...file.syslog };
  const set = <K extends keyof typeof syslog>(k: K, v: (typeof syslog)[K] | undefined): void => {
    if (v !== undefined) syslog[k] = v;
  };
  set('udpPort', port(flags.syslogUdp, '--syslog-udp'));
  set('tcpPort', port(flags.syslogTcp, '--syslog-tcp'));
  set('tlsPort', port(flags.syslogTls, '--syslog-tls'));
  set('host', flags.syslogHost);
  set('tlsCertFile', flags.tlsCert);
  set('tlsKeyFile', flags.tlsKey);
  const tail = [...(file.tail ?? []), ...flags.tail.map(parseTail)];
  return {
    ...(Object.keys(syslog).length > 0 && { syslog }),
    ...(tail.length > 0 && { tail }),
  };
}

interface FileConfig {
  origin?: string;
  database?: string;
  port?: number;
  host?: string;
  server?: Partial<ServerConfig>;
  /** Self-monitoring (self-watch.ts): its presence turns it on, like --watch-self. */
  watch_self?: { code?: string[]; policy?: Record<string, unknown> };
}

export function registerServe(program: Command): void {
  program
    .command('serve')
    .description('run the keywatch server (embedded SQLite in --data-dir by default)')
    .option(
      '--data-dir <dir>',
      'where the database, the log signing key and the initial admin token live',
      './data',
    )
    .option('--port <n>', 'TCP port', '8400')
    .option('--host <h>', 'address to listen on', '127.0.0.1')
    .option(
      '--database <url>',
      'postgres://… to use PostgreSQL instead of SQLite (or KEYWATCH_DATABASE_URL)',
    )
    .option(
      '--config <file>',
      'YAML settings: origin, database, port, host, server.bodyLimit, server.rateLimit',
    )
    .option(
      '--origin <name>',
      "the log's origin (checkpoint origin line and key name) for a new log",
    )
    .option('--syslog-udp <port>', 'receive syslog over UDP (RFC 5426) on this port')
    .option('--syslog-tcp <port>', 'receive syslog over TCP (RFC 6587) on this port')
    .option('--syslog-tls <port>', 'receive syslog over TLS (RFC 5425) on this port')
    .option('--syslog-host <h>', 'address the syslog listeners bind to (default 127.0.0.1)')
    .option('--tls-cert <file>', 'PEM certificate for --syslog-tls')
    .option('--tls-key <file>', 'PEM private key for --syslog-tls')
    .option(
      '--tail <kind:path>',
      'follow a file like tail -F with the adapter KIND (vault, auditd, syslog …); repeatable',
      (v: string, acc: string[]) => [...acc, v],
      [] as string[],
    )
    .option('--watch-self', "FIM over the server's own code, config file and data directory")
    .action(async (flags: ServeFlags) => {
      const file: FileConfig = flags.config
        ? ((parseYaml(readFileSync(flags.config, 'utf8')) as FileConfig | null) ?? {})
        : {};
      const databaseUrl = flags.database ?? process.env['KEYWATCH_DATABASE_URL'] ?? file.database;
      const origin = flags.origin ?? file.origin;
      const server = await openServer({
        dataDir: flags.dataDir,
        ...(databaseUrl !== undefined && { databaseUrl }),
        ...(origin !== undefined && { origin }),
        config: {
          ...file.server,
          dataDir: flags.dataDir,
          ...sourceConfig(flags, file.server ?? {}),
        },
        processMetrics: true,
      });
      const port = file.port ?? Number(flags.port);
      const host = file.host ?? flags.host;
      const address = await server.app.listen({ port, host });
      const { identity } = server.context;
      process.stderr.write(
        `keywatch ${identity.origin} listening on ${address} (${server.context.store.dialect})\n`,
      );
      process.stderr.write(`verifier key: ${identity.verifierKey}\n`);
      for (const [transport, p] of Object.entries(sourceListenerPorts(server.context))) {
        process.stderr.write(`syslog ${transport} listening on port ${p}\n`);
      }
      for (const t of server.context.config.tail ?? []) {
        process.stderr.write(`following ${t.path} (${t.kind})\n`);
      }
      if (server.initialAdminTokenFile) {
        process.stderr.write(
          `initial admin token written to ${server.initialAdminTokenFile} (mode 0600)\n`,
        );
      }
      const self =
        flags.watchSelf || file.watch_self
          ? await startSelfWatch({
              sequencer: server.context.sequencer,
              dataDir: flags.dataDir,
              ...(flags.config !== undefined && { configFile: flags.config }),
              ...(file.watch_self?.code !== undefined && { codeDirs: file.watch_self.code }),
              ...(file.watch_self?.policy !== undefined && { policy: file.watch_self.policy }),
              log: (m) => process.stderr.write(`${m}\n`),
            })
          : undefined;
      if (self) process.stderr.write('watching its own code, configuration and data directory\n');
      const stop = (): void => {
        void (self?.stop() ?? Promise.resolve())
          .then(() => server.close())
          .then(() => process.exit(0));
      };
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
    });
}
