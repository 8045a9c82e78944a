// keywatch import --format F [--server URL --token T | --data-dir DIR] FILE|-: streams a file of
// any size into the log in batches, with a progress bar. native: NDJSON (one event per line) or a
// JSON array file through POST /v1/events; the vendor formats through their adapters
// (import/source-import.ts). Bad records are quarantined with their reason; the import goes on.
import type { Command } from 'commander';
import {
  closeSync,
  createReadStream,
  existsSync,
  openSync,
  readFileSync,
  readSync,
  statSync,
} from 'node:fs';
import type { IngestResponse } from '@keywatch/protocol';
import { ingestItems, openServer, splitBody, type KeywatchServer } from '@keywatch/server';
import { SOURCE_KINDS, type SourceKind } from '@keywatch/sources';
import { ApiClient } from '../api-client.ts';
import { CliError } from '../cli-error.ts';
import { lineBatches } from '../import/line-batches.ts';
import { startProgress } from '../output/progress.ts';
import {
  formatSummary,
  importRecords,
  localChunkSink,
  serverChunkSink,
} from '../import/source-import.ts';

const BATCH = 1000;
type Sink = (lines: string[]) => Promise<IngestResponse>;

function serverSink(url: string, token: string | undefined): Sink {
  const client = new ApiClient(url, token);
  return async (lines) => {
    const res = await client.request('/v1/events', {
      method: 'POST',
      body: lines.join('\n'),
      contentType: 'application/x-ndjson',
    });
    return (await res.json()) as IngestResponse;
  };
}

/** Straight into a data directory: the same ingest path as the API, as the local operator. */
function localSink(server: KeywatchServer): Sink {
  const { store, sequencer } = server.context;
  const principal = {
    tokenId: 'local',
    name: `cli-import:${process.env['USER'] ?? 'local'}`,
    role: 'admin' as const,
    person: true,
  };
  return (lines) => ingestItems(splitBody(lines.join('\n'), true), { store, sequencer, principal });
}

function startsWithBracket(file: string): boolean {
  const fd = openSync(file, 'r');
  try {
    const head = Buffer.alloc(256);
    const n = readSync(fd, head, 0, 256, 0);
    return head.subarray(0, n).toString('utf8').trimStart().startsWith('[');
  } finally {
    closeSync(fd);
  }
}

async function* readLines(file: string): AsyncIterable<string> {
  const input = file === '-' ? process.stdin : createReadStream(file);
  if (file !== '-' && startsWithBracket(file)) {
    for (const e of JSON.parse(readFileSync(file, 'utf8')) as unknown[]) yield JSON.stringify(e);
    return;
  }
  for await (const lines of lineBatches(input))
    for (const line of lines) if (line.trim() !== '') yield line;
}

export function registerImport(program: Command): void {
  program
    .command('import')
    .description('import events from a file (or - for stdin) into a server or a data directory')
    .requiredOption(
      '--format <format>',
      `record format: ${SOURCE_KINDS.join(', ')} (native: NDJSON or a JSON array of native events)`,
    )
    .option('--server <url>', 'send to this keywatch server')
    .option('--token <token>', 'API token with the ingest role (or KEYWATCH_TOKEN)')
    .option('--data-dir <dir>', 'write into this data directory (the server must be stopped)')
    .option('--database <url>', 'PostgreSQL URL, with --data-dir')
    .argument('<file>', 'input file, or - for standard input')
    .action(
      async (
        file: string,
        f: { format: string; server?: string; token?: string; dataDir?: string; database?: string },
      ) => {
        if (!(SOURCE_KINDS as readonly string[]).includes(f.format))
          throw new CliError(
            'USAGE',
            `unknown format "${f.format}"; supported: ${SOURCE_KINDS.join(', ')}`,
          );
        if ((f.server === undefined) === (f.dataDir === undefined))
          throw new CliError('USAGE', 'give either --server URL or --data-dir DIR');
        if (file !== '-' && !existsSync(file))
          throw new CliError('INPUT_INVALID', `cannot read ${file}: no such file`);
        const token = f.token ?? process.env['KEYWATCH_TOKEN'];
        let server: KeywatchServer | undefined;
        if (f.dataDir !== undefined) {
          const databaseUrl = f.database ?? process.env['KEYWATCH_DATABASE_URL'];
          server = await openServer({
            dataDir: f.dataDir,
            ...(databaseUrl !== undefined && { databaseUrl }),
            logger: false,
          });
        }
        const total = file === '-' ? 0 : statSync(file).size;
        if (f.format !== 'native') {
          const kind = f.format as SourceKind;
          try {
            const sink = server
              ? localChunkSink(server, kind)
              : serverChunkSink(f.server!, token, kind);
            process.stdout.write(formatSummary(await importRecords(file, kind, sink, total)));
          } finally {
            await server?.close();
          }
          return;
        }
        const sink: Sink = server ? localSink(server) : serverSink(f.server!, token);
        const progress = startProgress('import', total, 'bytes');
        const sum = { accepted: 0, duplicates: 0, quarantined: 0 };
        let bytes = 0;
        let batch: string[] = [];
        const flush = async (): Promise<void> => {
          if (batch.length === 0) return;
          const r = await sink(batch);
          sum.accepted += r.accepted;
          sum.duplicates += r.duplicates;
          sum.quarantined += r.quarantined;
          batch = [];
          progress.update(bytes);
        };
        try {
          for await (const line of readLines(file)) {
            batch.push(line);
            bytes += line.length + 1;
            if (batch.length >= BATCH) await flush();
          }
          await flush();
        } finally {
          progress.stop();
          await server?.close();
        }
        process.stdout.write(
          `imported: ${sum.accepted} accepted, ${sum.duplicates} duplicates, ${sum.quarantined} quarantined\n`,
        );
      },
    );
}
