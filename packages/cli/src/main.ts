// The keywatch command line (DESIGN.md, "Interfaces that others script against").
import { Command } from 'commander';
import { CliError } from './cli-error.ts';
import type { RegisterCommand } from './commands/register-command.ts';

// Each command's module is loaded only when that command runs: every module costs start-up time
// through the TypeScript loader, and `keywatch agent run` should not load the server. Help and
// unknown commands load them all, in this order (the order `--help` lists them).
const COMMANDS: Record<string, () => Promise<RegisterCommand>> = {
  serve: async () => (await import('./commands/serve-command.ts')).registerServe,
  token: async () => (await import('./commands/token-command.ts')).registerToken,
  verify: async () => (await import('./commands/verify-command.ts')).registerVerify,
  export: async () => (await import('./commands/export-command.ts')).registerExport,
  import: async () => (await import('./commands/import-command.ts')).registerImport,
  rules: async () => (await import('./commands/rules-command.ts')).registerRules,
  fim: async () => (await import('./commands/fim-command.ts')).registerFim,
  user: async () => (await import('./commands/user-command.ts')).registerUser,
  agent: async () => (await import('./commands/agent-command.ts')).registerAgent,
  sca: async () => (await import('./commands/sca-command.ts')).registerSca,
  keys: async () => (await import('./commands/keys-command.ts')).registerKeys,
};

const program = new Command('keywatch')
  .description(
    'remote monitoring for key-management systems: a tamper-evident audit log and its tools',
  )
  .showHelpAfterError();
const wanted = process.argv[2];
const load = wanted !== undefined && wanted in COMMANDS ? [wanted] : Object.keys(COMMANDS);
for (const name of load) (await COMMANDS[name]!())(program);

try {
  await program.parseAsync(process.argv);
} catch (err) {
  const code = err instanceof CliError ? err.code : 'ERROR';
  process.stderr.write(`keywatch: ${err instanceof Error ? err.message : String(err)}\n`);
  if (code === 'ERROR' && process.env['KEYWATCH_DEBUG']) console.error(err);
  process.exitCode = code === 'USAGE' ? 2 : 1;
}
