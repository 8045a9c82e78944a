// keywatch token create --data-dir DIR --role ROLE: issues an API token straight in the database
// (for bootstrapping and recovery, on the server host), and records that in the log.
import type { Command } from 'commander';
import { API_ROLES } from '@keywatch/protocol';
import { isApiRole, openServer } from '@keywatch/server';
import { CliError } from '../cli-error.ts';

export function registerToken(program: Command): void {
  const token = program.command('token').description('manage API tokens');
  token
    .command('create')
    .description('create an API token and print it (shown once)')
    .requiredOption('--role <role>', `one of ${API_ROLES.join(', ')}`)
    .option('--name <name>', 'who or what holds it', 'cli')
    .option('--data-dir <dir>', 'the server data directory', './data')
    .option('--database <url>', 'PostgreSQL URL (or KEYWATCH_DATABASE_URL)')
    .option('--ttl <seconds>', 'expire after this many seconds')
    .action(
      async (f: {
        role: string;
        name: string;
        dataDir: string;
        database?: string;
        ttl?: string;
      }) => {
        if (!isApiRole(f.role))
          throw new CliError(
            'USAGE',
            `unknown role "${f.role}": use one of ${API_ROLES.join(', ')}`,
          );
        const databaseUrl = f.database ?? process.env['KEYWATCH_DATABASE_URL'];
        const server = await openServer({
          dataDir: f.dataDir,
          ...(databaseUrl !== undefined && { databaseUrl }),
          logger: false,
        });
        try {
          const created = await server.context.tokens.create({
            role: f.role,
            name: f.name,
            ...(f.ttl !== undefined && { ttlMs: Number(f.ttl) * 1000 }),
          });
          await server.context.sequencer.record({
            time: new Date().toISOString(),
            type: 'token.create',
            outcome: 'success',
            severity: 'medium',
            actor: { id: process.env['USER'] ?? 'local-cli', roles: ['admin'], type: 'user' },
            target: { type: 'token', id: created.id, name: f.name },
            source: { kind: 'keywatch-cli' },
            detail: { role: f.role },
          });
          process.stdout.write(created.token + '\n');
        } finally {
          await server.close();
        }
      },
    );
}
