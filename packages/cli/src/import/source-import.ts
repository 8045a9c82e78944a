// keywatch import for vendor formats: chunks of whole records (record-chunks.ts) go to
// POST /v1/sources/{kind}/records, or — with --data-dir — through the very service function that
// route calls, in-process, so both paths store the same events and quarantine the same records.
import type { SourceKind } from '@keywatch/sources';
import {
  decodeLines,
  ingestRecords,
  secretsKeyFor,
  type KeywatchServer,
  type SourceIngestResponse,
} from '@keywatch/server';
import { ApiClient } from '../api-client.ts';
import { startProgress } from '../output/progress.ts';
import { ParallelDecoder } from './parallel-decoder.ts';
import { readChunks } from './record-chunks.ts';

export interface ChunkSink {
  (lines: string[]): Promise<SourceIngestResponse>;
  /** Chunks the sink may hold at once (decoding ahead while earlier ones append). */
  depth?: number;
  /** Releases what the sink holds (decoder threads). */
  close?: () => Promise<void>;
}

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
 * Straight into the open log, as the local operator (the same path as the API). Chunks decode on
 * a worker thread (parallel-decoder.ts) while earlier ones are appended; appends stay in chunk
 * order, so the log keeps the file's order (sequence-gap detectors rely on it).
 */
export function localChunkSink(server: KeywatchServer, kind: SourceKind): ChunkSink {
  const ctx = server.context;
  const user = `cli-import:${process.env['USER'] ?? 'local'}`;
  let decoder: Promise<ParallelDecoder> | undefined;
  let previous: Promise<unknown> = Promise.resolve();
  const decode = async (lines: string[]) => {
    // A short file's only chunk decodes here: starting a thread would cost more than it saves.
    if (decoder === undefined && lines.length < CHUNK_LINES)
      return decodeLines(kind, lines, await secretsKeyFor(ctx));
    decoder ??= secretsKeyFor(ctx).then((key) => new ParallelDecoder(kind, key));
    return (await decoder).decode(lines);
  };
  const sink: ChunkSink = (lines) => {
    const decoded = decode(lines);
    decoded.catch(() => {}); // surfaces through `appended`, once the earlier chunks are in
    const appended = previous.then(async () =>
      ingestRecords(kind, await decoded, {
        store: ctx.store,
        sequencer: ctx.sequencer,
        actor: { id: user, roles: ['admin'], type: 'user' },
        via: user,
      }),
    );
    previous = appended.catch(() => {}); // the caller sees the failure through `appended`
    return appended;
  };
  sink.depth = 3;
  sink.close = async () => {
    if (decoder) await (await decoder).close();
  };
  return sink;
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
 * Streams `file` through `sink`. Up to `sink.depth` chunks are in flight, so reading and decoding the next one
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
  const inFlight: Promise<void>[] = [];
  const depth = sink.depth ?? 2;
  try {
    const chunks = readChunks(file, kind, {
      lines: opts.chunkLines ?? CHUNK_LINES,
      ...(progress && { onBytes: (b: number) => progress.update(b) }),
    });
    for await (const chunk of chunks) {
      sum.lines += chunk.length;
      const done = sink(chunk).then(add);
      done.catch(() => {}); // awaited below; this only keeps an early failure from going unhandled
      inFlight.push(done);
      // At most `depth` chunks outstanding; results are summed in chunk order.
      if (inFlight.length >= depth) await inFlight.shift();
    }
    for (const p of inFlight.splice(0)) await p;
  } finally {
    await Promise.allSettled(inFlight);
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
