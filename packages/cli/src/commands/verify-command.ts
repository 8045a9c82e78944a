// keywatch verify (--server URL [--token T] | --data-dir DIR | --bundle PATH): exit 0 when the
// whole log verifies; otherwise 1, naming the first bad index and the check that failed.
import type { Command } from 'commander';
import { readFileSync, existsSync } from 'node:fs';
import { AuditLogError } from '@keywatch/auditlog';
import { CliError } from '../cli-error.ts';
import { BundleLogSource } from '../log-sources/bundle-log-source.ts';
import type { LogSource } from '../log-sources/log-source.ts';
import { ServerLogSource } from '../log-sources/server-log-source.ts';
import { StoreLogSource } from '../log-sources/store-log-source.ts';
import { startProgress } from '../output/progress.ts';
import { verifyLog } from '../verify/verify-log.ts';
import { defaultStatePath, loadState, saveState } from '../verify/verify-state.ts';

interface VerifyFlags {
  server?: string;
  token?: string;
  dataDir?: string;
  database?: string;
  bundle?: string;
  key?: string;
  state?: string;
  saveState: boolean;
}

async function openSource(f: VerifyFlags): Promise<LogSource> {
  const chosen = [f.server, f.dataDir, f.bundle].filter((x) => x !== undefined).length;
  if (chosen !== 1)
    throw new CliError(
      'USAGE',
      'give exactly one of --server URL, --data-dir DIR or --bundle PATH',
    );
  if (f.server) return new ServerLogSource(f.server, f.token ?? process.env['KEYWATCH_TOKEN']);
  if (f.bundle) return new BundleLogSource(f.bundle);
  return StoreLogSource.open(f.dataDir!, f.database ?? process.env['KEYWATCH_DATABASE_URL']);
}

function readKey(key: string | undefined): string | undefined {
  if (key === undefined) return undefined;
  return existsSync(key) ? readFileSync(key, 'utf8').trim() : key.trim();
}

export function registerVerify(program: Command): void {
  program
    .command('verify')
    .description(
      'verify the whole audit log: every leaf, the Merkle tree, the signed checkpoints, and consistency with the last verified state',
    )
    .option('--server <url>', 'read the log from a keywatch server')
    .option('--token <token>', 'API token (or KEYWATCH_TOKEN)')
    .option('--data-dir <dir>', "read the log from a server's data directory")
    .option('--database <url>', 'PostgreSQL URL, with --data-dir (or KEYWATCH_DATABASE_URL)')
    .option('--bundle <path>', 'read the log from an export bundle')
    .option(
      '--key <vkey|file>',
      "the log's verifier key (default: pinned in the state file, else taken from the source on first use)",
    )
    .option('--state <file>', 'where the last verified checkpoint is kept', defaultStatePath())
    .option('--no-save-state', 'do not record this verification in the state file')
    .action(async (flags: VerifyFlags) => {
      const source = await openSource(flags);
      try {
        const state = loadState(flags.state!);
        const note = await source.checkpoint();
        const [origin = '', sizeLine = '0'] = note.split('\n', 2);
        const previous = state[origin];
        const progress = startProgress('verify', Number(sizeLine) || 0);
        const pinnedKey = readKey(flags.key);
        let outcome;
        try {
          outcome = await verifyLog({
            source,
            ...(pinnedKey !== undefined && { pinnedKey }),
            ...(previous !== undefined && { previous }),
            onProgress: (done, total) => progress.update(Math.min(done, total)),
          });
        } finally {
          progress.stop();
        }
        if (flags.saveState) {
          state[outcome.origin] = {
            verifierKey: outcome.verifierKey,
            size: outcome.size,
            root: outcome.root,
            verifiedAt: new Date().toISOString(),
          };
          saveState(flags.state!, state);
        }
        const since = previous
          ? `, consistent with the size ${previous.size} verified ${previous.verifiedAt}`
          : '';
        process.stdout.write(
          `OK ${outcome.origin}: ${outcome.size} entries verified against ${outcome.checkpointsChecked} signed checkpoint(s); root ${outcome.root}${since}\n`,
        );
      } catch (err) {
        if (err instanceof AuditLogError) {
          const at = err.index === undefined ? '' : ` at index ${err.index}`;
          throw new CliError(
            'VERIFY_FAILED',
            `FAIL${at}: ${err.code}: ${err.message} (${source.describe})`,
            { cause: err },
          );
        }
        throw err;
      } finally {
        await source.close();
      }
    });
}
