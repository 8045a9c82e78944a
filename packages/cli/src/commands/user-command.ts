// keywatch user add|disable|enable|role|list: web users, managed straight in the data directory
// (--data-dir, like `token create`: bootstrapping the first admin on the server host) or over
// the API (--server URL --token T, an admin token). The password comes from stdin or
// KEYWATCH_PASSWORD, never from the command line (where `ps` and shell history would show it).
import type { Command } from 'commander';
import { readFileSync } from 'node:fs';
import { PERSON_ROLES } from '@keywatch/protocol';
import { openServer, type UserView } from '@keywatch/server';
import { ApiClient } from '../api-client.ts';
import { CliError } from '../cli-error.ts';

interface Target {
  server?: string;
  token?: string;
  dataDir: string;
  database?: string;
}

type Op =
  | { kind: 'add'; username: string; password: string; role: string }
  | { kind: 'disable' | 'enable'; username: string }
  | { kind: 'role'; username: string; role: string }
  | { kind: 'list' };

async function overApi(t: Target, op: Op): Promise<UserView[]> {
  const client = new ApiClient(t.server!, t.token ?? process.env['KEYWATCH_TOKEN']);
  const post = async (path: string, body: unknown) =>
    (await (
      await client.request(path, {
        method: 'POST',
        body: JSON.stringify(body),
        contentType: 'application/json',
      })
    ).json()) as { user: UserView };
  const name = (u: string) => encodeURIComponent(u);
  const list = async () => (await client.json<{ users: UserView[] }>('/v1/users')).users;
  switch (op.kind) {
    case 'list':
      return list();
    case 'add':
      return [(await post('/v1/users', op)).user];
    case 'role':
      return [(await post(`/v1/users/${name(op.username)}/role`, { role: op.role })).user];
    default:
      return [(await post(`/v1/users/${name(op.username)}/${op.kind}`, {})).user];
  }
}

async function inDataDir(t: Target, op: Op): Promise<UserView[]> {
  const databaseUrl = t.database ?? process.env['KEYWATCH_DATABASE_URL'];
  const server = await openServer({
    dataDir: t.dataDir,
    ...(databaseUrl !== undefined && { databaseUrl }),
    logger: false,
  });
  // The person at the server's console, recorded as such in the log.
  const actor = { id: process.env['USER'] ?? 'local-cli', role: 'admin' };
  try {
    const users = server.context.users;
    switch (op.kind) {
      case 'list':
        return await users.list();
      case 'add':
        return [await users.create(actor, op)];
      case 'role':
        return [await users.setRole(actor, op.username, op.role)];
      default:
        return [await users.setDisabled(actor, op.username, op.kind === 'disable')];
    }
  } catch (err) {
    const e = err as { code?: string; message?: string };
    throw new CliError('SERVER_ERROR', `${e.code ?? 'ERROR'}: ${e.message ?? String(err)}`, {
      cause: err,
    });
  } finally {
    await server.close();
  }
}

function readPassword(fromStdin: boolean): string {
  const text = fromStdin ? readFileSync(0, 'utf8') : process.env['KEYWATCH_PASSWORD'];
  const password = text?.replace(/\r?\n$/, '');
  if (!password)
    throw new CliError(
      'USAGE',
      'give the password on stdin (--password-stdin) or in KEYWATCH_PASSWORD',
    );
  return password;
}

function checkRole(role: string): void {
  if (!(PERSON_ROLES as readonly string[]).includes(role))
    throw new CliError('USAGE', `unknown role "${role}": use one of ${PERSON_ROLES.join(', ')}`);
}

export function registerUser(program: Command): void {
  const user = program.command('user').description('manage web users (people who sign in)');
  const withTarget = (c: Command) =>
    c
      .option('--server <url>', 'a keywatch server (with an admin --token or KEYWATCH_TOKEN)')
      .option('--token <token>', 'admin API token')
      .option('--data-dir <dir>', 'or the server data directory, directly', './data')
      .option('--database <url>', 'PostgreSQL URL (or KEYWATCH_DATABASE_URL)');
  const run = async (t: Target, op: Op) => {
    const users = t.server ? await overApi(t, op) : await inDataDir(t, op);
    for (const u of users) process.stdout.write(JSON.stringify(u) + '\n');
  };

  withTarget(user.command('add <username>').description('create a user'))
    .requiredOption('--role <role>', `one of ${PERSON_ROLES.join(', ')}`)
    .option('--password-stdin', 'read the password from stdin (else KEYWATCH_PASSWORD)')
    .action(async (username: string, f: Target & { role: string; passwordStdin?: boolean }) => {
      checkRole(f.role);
      await run(f, {
        kind: 'add',
        username,
        role: f.role,
        password: readPassword(!!f.passwordStdin),
      });
    });
  for (const kind of ['disable', 'enable'] as const) {
    withTarget(user.command(`${kind} <username>`).description(`${kind} a user`)).action(
      async (username: string, f: Target) => run(f, { kind, username }),
    );
  }
  withTarget(user.command('role <username> <role>').description('give a user another role')).action(
    async (username: string, role: string, f: Target) => {
      checkRole(role);
      await run(f, { kind: 'role', username, role });
    },
  );
  withTarget(user.command('list').description('list users')).action(async (f: Target) =>
    run(f, { kind: 'list' }),
  );
}
