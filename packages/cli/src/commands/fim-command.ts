// keywatch fim scan --baseline FILE PATH… [--update]: the standalone integrity scan (DESIGN.md).
// No baseline file yet: scan and create it (exit 0). Otherwise print one JSON line per change and
// exit 1 when anything changed, 0 when nothing did; 2 when the scan itself failed.
import type { Command } from 'commander';
import {
  countPolicyEntries,
  diffEntries,
  FimError,
  FimScanner,
  makeBaseline,
  parseFimPolicy,
  readBaselineFile,
  writeBaselineFile,
  type CoverageIssue,
} from '@keywatch/agent';
import { startProgress } from '../output/progress.ts';

interface FimScanFlags {
  baseline: string;
  update?: boolean;
  rehash?: boolean;
  exclude: string[];
  maxFileSize?: string;
  workers: string;
  progress: boolean;
}

function warn(issue: CoverageIssue): void {
  if (issue.kind === 'symlink_root_followed') return; // shown once below, not a gap
  process.stderr.write(
    `keywatch: fim: ${issue.kind.replaceAll('_', ' ')}: ${issue.path} (${issue.detail})\n`,
  );
}

async function scan(paths: string[], f: FimScanFlags): Promise<number> {
  const policy = parseFimPolicy({
    paths,
    exclude: f.exclude,
    hashWorkers: Number(f.workers),
    ...(f.maxFileSize !== undefined && { maxFileSize: Number(f.maxFileSize) }),
  });
  const previous = readBaselineFile(f.baseline);
  const scanner = new FimScanner(policy);
  // A new baseline has no entry count yet: on a terminal, a quick lstat walk gives the bar one.
  const total =
    previous !== undefined
      ? Object.keys(previous.entries).length
      : f.progress && process.stderr.isTTY
        ? countPolicyEntries(policy)
        : 0;
  const progress = f.progress ? startProgress('fim scan', total, 'files') : undefined;
  let result;
  try {
    result = await scanner.scan({
      previous,
      fullRehash: previous === undefined || f.rehash === true,
      checkpointPath: `${f.baseline}.checkpoint`,
      onProgress: (n) => progress?.update(n),
      onIssue: warn,
    });
  } finally {
    progress?.stop();
    await scanner.close();
  }
  for (const i of result.issues.filter((x) => x.kind === 'symlink_root_followed'))
    process.stderr.write(`keywatch: fim: ${i.path} is a symlink, ${i.detail}\n`);
  if (result.stats.resumed > 0)
    process.stderr.write(
      `keywatch: fim: resumed an interrupted scan (${result.stats.resumed} entries checkpointed)\n`,
    );
  const now = new Date().toISOString();
  if (previous === undefined) {
    writeBaselineFile(f.baseline, makeBaseline(result.entries, now));
    process.stderr.write(
      `keywatch: fim: baseline ${f.baseline} created (${result.entries.size} entries)\n`,
    );
    return 0;
  }
  const after = Object.fromEntries(result.entries);
  const changes = diffEntries(previous.entries, after, policy.attributes);
  for (const c of changes)
    process.stdout.write(
      JSON.stringify({ path: c.path, change: c.change, attributes: c.attributes }) + '\n',
    );
  if (f.update) {
    const fullHashAt = f.rehash ? now : previous.fullHashAt;
    writeBaselineFile(f.baseline, makeBaseline(result.entries, fullHashAt, previous.createdAt));
    process.stderr.write(`keywatch: fim: baseline ${f.baseline} updated\n`);
  }
  return changes.length > 0 ? 1 : 0;
}

export function registerFim(program: Command): void {
  const fim = program.command('fim').description('file-integrity monitoring');
  fim
    .command('scan')
    .description(
      'scan PATHs against a baseline: create it when FILE does not exist, else print one JSON line per change (exit 1 when anything changed)',
    )
    .argument('<path...>', 'files, directories (recursive) or globs to cover')
    .requiredOption('--baseline <file>', 'the baseline file (created when missing)')
    .option('--update', 'rewrite the baseline with what this scan found (atomically)')
    .option('--rehash', 'hash every file even when size, times, inode and device are unchanged')
    .option(
      '--exclude <glob>',
      'leave out matching paths (repeatable)',
      (v: string, a: string[]) => [...a, v],
      [],
    )
    .option('--max-file-size <bytes>', 'larger files are recorded as "not hashed"')
    .option('--workers <n>', 'hash worker threads for big files (0: all inline)', '1')
    .option('--no-progress', 'no progress bar or progress lines on stderr')
    .action(async (paths: string[], flags: FimScanFlags) => {
      try {
        process.exitCode = await scan(paths, flags);
      } catch (e) {
        if (!(e instanceof FimError)) throw e;
        process.stderr.write(`keywatch: fim: ${e.message}\n`);
        process.exitCode = 2;
      }
    });
}
