// keywatch serve: the server on the embedded SQLite default, or PostgreSQL by URL.
import type { Command } from 'commander';
import { readFileSync } from 'node:fs';
import { parse as parseYaml } from 'yaml';
import { openServer, type ServerConfig } from '@keywatch/server';

interface ServeFlags {
  dataDir: string;
  port: string;
  host: string;
  database?: string;
  config?: string;
  origin?: string;
}

interface FileConfig {
  origin?: string;
  database?: string;
  port?: number;
  host?: string;
  server?: Partial<ServerConfig>;
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
        ...(file.server !== undefined && { config: file.server }),
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
      if (server.initialAdminTokenFile) {
        process.stderr.write(
          `initial admin token written to ${server.initialAdminTokenFile} (mode 0600)\n`,
        );
      }
      const stop = (): void => {
        void server.close().then(() => process.exit(0));
      };
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
    });
}
