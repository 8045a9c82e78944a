// The keywatch command line (DESIGN.md, "Interfaces that others script against").
import { Command } from 'commander';
import { CliError } from './cli-error.ts';
import { registerExport } from './commands/export-command.ts';
import { registerImport } from './commands/import-command.ts';
import { registerServe } from './commands/serve-command.ts';
import { registerToken } from './commands/token-command.ts';
import { registerVerify } from './commands/verify-command.ts';
import { registerRules } from './commands/rules-command.ts';
import { registerFim } from './commands/fim-command.ts';
import { registerUser } from './commands/user-command.ts';
import { registerAgent } from './commands/agent-command.ts';
import { registerSca } from './commands/sca-command.ts';
import { registerKeys } from './commands/keys-command.ts';

const program = new Command('keywatch')
  .description(
    'remote monitoring for key-management systems: a tamper-evident audit log and its tools',
  )
  .showHelpAfterError();
registerServe(program);
registerToken(program);
registerVerify(program);
registerExport(program);
registerImport(program);
registerRules(program);
registerFim(program);
registerUser(program);
registerAgent(program);
registerSca(program);
registerKeys(program);

try {
  await program.parseAsync(process.argv);
} catch (err) {
  const code = err instanceof CliError ? err.code : 'ERROR';
  process.stderr.write(`keywatch: ${err instanceof Error ? err.message : String(err)}\n`);
  if (code === 'ERROR' && process.env['KEYWATCH_DEBUG']) console.error(err);
  process.exitCode = code === 'USAGE' ? 2 : 1;
}
