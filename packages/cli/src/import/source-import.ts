// keywatch import for vendor formats: chunks of whole records (record-chunks.ts) go to
// POST /v1/sources/{kind}/records, or — with --data-dir — through the very service function that
// route calls, in-process, so both paths store the same events and quarantine the same records.
import type { NormalizedRecord, SourceKind } from '@keywatch/sources';
import {
  decodeLines,
  ingestRecords,
  secretsKeyFor,
  type KeywatchServer,
  type SourceIngestResponse,
} from '@keywatch/server';
import { Piscina } from 'piscina';
import { ApiClient } from '../api-client.ts';
import { tsWorkerExecArgv } from '../ts-worker-args.ts';
import { startProgress } from '../output/progress.ts';
import type { DecodeTask } from './decode-worker.ts';
import { readChunks } from './record-chunks.ts';

export type ChunkSink = ((lines: string[]) => Promise<SourceIngestResponse>) & {
  /** Releases what the sink holds (a decode thread); called once the import is over. */
  close?: () => Promise<void>;
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
 * full chunk on, chunks are decoded on a thread of their own, so decoding the next chunk overlaps
 * appending this one; a small import (a few lines, tests) never pays for starting the thread.
 * Chunks reach the log in the order they were given, whichever thread decoded them.
 */
export function localChunkSink(
  server: KeywatchServer,
  kind: SourceKind,
  opts: { threadFrom?: number } = {},
): ChunkSink {
  const ctx = server.context;
  const user = `cli-import:${process.env['USER'] ?? 'local'}`;
  const threadFrom = opts.threadFrom ?? CHUNK_LINES;
  let pool: Piscina<DecodeTask, NormalizedRecord[]> | undefined;
  let turn: Promise<unknown> = Promise.resolve();
  const ingest = (records: NormalizedRecord[]): Promise<SourceIngestResponse> =>
    ingestRecords(kind, records, {
      store: ctx.store,
      sequencer: ctx.sequencer,
      actor: { id: user, roles: ['admin'], type: 'user' },
      via: user,
    });
  const sink: ChunkSink = async (lines) => {
    const hmacKey = await secretsKeyFor(ctx);
    if (pool === undefined && lines.length >= threadFrom) pool = decodePool();
    const decoded = pool
      ? pool.run({ kind, lines, hmacKey })
      : Promise.resolve().then(() => decodeLines(kind, lines, hmacKey));
    // This chunk is handed to the log only after the one before it was (handed, not committed:
    // the sequencer prepares a batch while the one before commits).
    const handed = turn.then(() => decoded).then((records) => ({ result: ingest(records) }));
    turn = handed.catch(() => undefined);
    return handed.then((h) => h.result);
  };
  sink.close = async () => {
    await turn;
    await pool?.destroy();
  };
  return sink;
}

/** One decode thread, running TypeScript like this one. */
function decodePool(): Piscina<DecodeTask, NormalizedRecord[]> {
  return new Piscina({
    filename: new URL('./decode-worker.ts', import.meta.url).href,
    minThreads: 1,
    maxThreads: 1,
    execArgv: tsWorkerExecArgv(),
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
