// keywatch export --server URL --token T --out DIR: the offline evidence bundle of DESIGN.md
// (docs/formats.md): every leaf, the latest checkpoint, a chain of earlier checkpoints with
// consistency proofs between consecutive ones, and the verifier key.
import type { Command } from 'commander';
import { createWriteStream, mkdirSync, writeFileSync, existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { once } from 'node:events';
import type { ConsistencyProofJson } from '@keywatch/protocol';
import { ApiClient } from '../api-client.ts';
import { CliError } from '../cli-error.ts';
import { BUNDLE_FILES } from '../log-sources/bundle-log-source.ts';
import { ServerLogSource } from '../log-sources/server-log-source.ts';
import type { CheckpointEntry } from '../log-sources/log-source.ts';
import { startProgress } from '../output/progress.ts';

/** At most this many intermediate checkpoints, evenly spread, keep the bundle small for huge logs. */
const CHAIN_LENGTH = 64;

function pickChain(all: CheckpointEntry[], latestSize: number): CheckpointEntry[] {
  const upTo = all.filter((c) => c.size < latestSize);
  if (upTo.length <= CHAIN_LENGTH) return upTo;
  const step = upTo.length / CHAIN_LENGTH;
  return Array.from({ length: CHAIN_LENGTH }, (_, i) => upTo[Math.floor(i * step)]!);
}

export function registerExport(program: Command): void {
  program
    .command('export')
    .description('write an offline-verifiable export bundle of the whole log')
    .requiredOption('--server <url>', 'the keywatch server')
    .option('--token <token>', 'API token of an auditor or audit admin (or KEYWATCH_TOKEN)')
    .requiredOption('--out <dir>', 'bundle directory to create (must be new or empty)')
    .action(async (f: { server: string; token?: string; out: string }) => {
      if (existsSync(f.out) && readdirSync(f.out).length > 0) {
        throw new CliError('USAGE', `${f.out} is not empty: choose a new directory`);
      }
      mkdirSync(f.out, { recursive: true });
      const token = f.token ?? process.env['KEYWATCH_TOKEN'];
      const client = new ApiClient(f.server, token);
      const source = new ServerLogSource(f.server, token);
      const key = await source.verifierKey();
      const note = await source.checkpoint();
      const size = Number(note.split('\n')[1]);
      const all: CheckpointEntry[] = [];
      for await (const c of source.checkpoints()) if (c.size <= size) all.push(c);
      const chain = [...pickChain(all, size), { size, note }];
      const proofs: ConsistencyProofJson[] = [];
      for (let i = 1; i < chain.length; i++) {
        proofs.push(
          await client.json<ConsistencyProofJson>(
            `/v1/log/proof/consistency?from=${chain[i - 1]!.size}&size=${chain[i]!.size}`,
          ),
        );
      }
      const events = createWriteStream(join(f.out, BUNDLE_FILES.events));
      const progress = startProgress('export', size);
      let n = 0;
      for await (const leaf of source.leaves(0, size)) {
        if (!events.write(leaf) || !events.write('\n')) await once(events, 'drain');
        if (++n % 10_000 === 0) progress.update(n);
      }
      progress.update(n);
      progress.stop();
      events.end();
      await once(events, 'finish');
      writeFileSync(join(f.out, BUNDLE_FILES.key), key + '\n');
      writeFileSync(join(f.out, BUNDLE_FILES.checkpoint), note);
      writeFileSync(
        join(f.out, BUNDLE_FILES.checkpoints),
        chain.map((c) => JSON.stringify(c) + '\n').join(''),
      );
      writeFileSync(
        join(f.out, BUNDLE_FILES.consistency),
        proofs.map((p) => JSON.stringify(p) + '\n').join(''),
      );
      process.stdout.write(`exported ${n} entries and ${chain.length} checkpoints to ${f.out}\n`);
    });
}
