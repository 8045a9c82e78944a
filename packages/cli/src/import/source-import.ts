// keywatch import for vendor formats: chunks of whole records (record-chunks.ts) go to
// POST /v1/sources/{kind}/records, or — with --data-dir — through the very service function that
// route calls, in-process, so both paths store the same events and quarantine the same records.
import type { SourceKind } from '@keywatch/sources';
import {
  decodeLines,
  prepareRecords,
  PREPARE_WORKER,
  queuePrepared,
  secretsKeyFor,
  type KeywatchServer,
  type PreparedRecord,
  type PrepareTask,
  type SourceIngestResponse,
} from '@keywatch/server';
import { Piscina } from 'piscina';
import { workerEntry } from '../worker-bundle.ts';
import { ApiClient } from '../api-client.ts';
import { startProgress } from '../output/progress.ts';
import { readChunks } from './record-chunks.ts';

export type ChunkSink = ((lines: string[]) => Promise<SourceIngestResponse>) & {
  /** Releases what the sink holds (its decode thread); called once the import is over. */
  close?: () => Promise<void>;
  /** Whether chunks went to a decode thread. */
  threaded?: boolean;
};

export const CHUNK_LINES = 5000;

export function serverChunkSink(
  url: string,
  token: string | undefined,
  kind: SourceKind,
): ChunkSink {
  const client = new ApiClient(url, token);
  return async (lines) => {
    const res = await client.request(`/v1/sources/${kind}/records`, {
      method: 'POST',
      body: lines.join('\n') + '\n',
      contentType: 'text/plain; charset=utf-8',
    });
    return (await res.json()) as SourceIngestResponse;
  };
}

/**
 * Straight into the open log, as the local operator (the same path as the API). From the first
 * chunk of `threadFrom` lines on, chunks are decoded and prepared (leaf templates, row columns) on
 * a thread of their own, so that this thread only splices, hashes and commits: decoding the next
 * chunk overlaps appending this one, and chunks reach the log in file order. A small import (a
 * few lines, most tests) never pays for starting the thread. An earlier decode thread handed back
 * whole records, which this thread rebuilt at about the cost of decoding them (docs/sources.md).
 */
export function localChunkSink(
  server: KeywatchServer,
  kind: SourceKind,
  opts: { threadFrom?: number } = {},
): ChunkSink {
  const ctx = server.context;
  const user = `cli-import:${process.env['USER'] ?? 'local'}`;
  const threadFrom = opts.threadFrom ?? CHUNK_LINES;
  let pool: Promise<Piscina<PrepareTask, PreparedRecord[]>> | undefined;
  let turn: Promise<unknown> = Promise.resolve();
  const sink: ChunkSink = async (lines) => {
    const hmacKey = await secretsKeyFor(ctx);
    if (pool === undefined && lines.length >= threadFrom) {
      pool = preparePool();
      sink.threaded = true;
    }
    const prepared = pool
      ? pool.then((p) => p.run({ kind, lines, hmacKey }))
      : Promise.resolve().then(() => prepareRecords(kind, decodeLines(kind, lines, hmacKey)));
    prepared.catch(() => {}); // its failure reaches the caller through `queued`, once its turn comes
    // Queued only after the chunk before it was (queued and its quarantine written, not yet
    // committed: the sequencer prepares a batch while the one before it commits).
    const queued = turn
      .then(() => prepared)
      .then((records) =>
        queuePrepared(kind, records, {
          store: ctx.store,
          sequencer: ctx.sequencer,
          actor: { id: user, roles: ['admin'], type: 'user' },
          via: user,
        }),
      );
    turn = queued.catch(() => undefined);
    return queued.then((q) => q.done);
  };
  sink.close = async () => {
    await turn;
    await (await pool)?.destroy();
  };
  return sink;
}

async function preparePool(): Promise<Piscina<PrepareTask, PreparedRecord[]>> {
  const { filename, execArgv } = await workerEntry(PREPARE_WORKER);
  return new Piscina<PrepareTask, PreparedRecord[]>({
    filename,
    minThreads: 1,
    maxThreads: 1,
    execArgv,
    // Fewer scavenges, each copying the chunk's records built so far: 54 against 58 µs of CPU
    // per Vault line in all with the default (16 MiB: 59; 128 MiB: no better than 48).
    resourceLimits: { maxYoungGenerationSizeMb: 48 },
  });
}

export interface ImportSummary {
  lines: number;
  accepted: number;
  duplicates: number;
  quarantined: number;
  incomplete: number;
  codes: Record<string, number>;
}

/**
 * Streams `file` through `sink`. Two chunks are in flight, so reading and decoding the next one
 * overlaps the durable commit of the previous; results are summed in order.
 */
export async function importRecords(
  file: string,
  kind: SourceKind,
  sink: ChunkSink,
  total: number,
  opts: { chunkLines?: number; quiet?: boolean } = {},
): Promise<ImportSummary> {
  const sum: ImportSummary = {
    lines: 0,
    accepted: 0,
    duplicates: 0,
    quarantined: 0,
    incomplete: 0,
    codes: {},
  };
  const progress = opts.quiet ? undefined : startProgress('import', total, 'bytes');
  const add = (r: SourceIngestResponse): void => {
    sum.accepted += r.accepted;
    sum.duplicates += r.duplicates;
    sum.quarantined += r.quarantined;
    sum.incomplete += r.incomplete;
    for (const [code, n] of Object.entries(r.quarantine_codes)) {
      sum.codes[code] = (sum.codes[code] ?? 0) + n;
    }
  };
  let inFlight: Promise<void> = Promise.resolve();
  try {
    const chunks = readChunks(file, kind, {
      lines: opts.chunkLines ?? CHUNK_LINES,
      ...(progress && { onBytes: (b: number) => progress.update(b) }),
    });
    for await (const chunk of chunks) {
      sum.lines += chunk.length;
      const sent = sink(chunk).then(add);
      sent.catch(() => {}); // awaited below; this only keeps an early failure from going unhandled
      await inFlight; // at most two chunks outstanding
      inFlight = sent;
    }
    await inFlight;
  } finally {
    await inFlight.catch(() => {});
    await sink.close?.();
    progress?.stop();
  }
  return sum;
}

export function formatSummary(s: ImportSummary): string {
  let out = `imported ${s.lines} lines: ${s.accepted} accepted, ${s.duplicates} duplicates, ${s.quarantined} quarantined, ${s.incomplete} incomplete\n`;
  const codes = Object.entries(s.codes).sort((a, b) => b[1] - a[1]);
  if (codes.length > 0) {
    out += `quarantined by reason: ${codes.map(([c, n]) => `${c} ${n}`).join(', ')}\n`;
  }
  return out;
}
