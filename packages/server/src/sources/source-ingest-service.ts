// Vendor records into the log (issue 3, "Getting records in"): decode lines with the source's
// adapter, append the events through the sequencer (as POST /v1/events does; the adapters have
// validated them), quarantine what the adapter could not read with its code and reason (source = the
// kind), and record one `ingest.quarantined` event per call. The HTTP route, `keywatch import
// --data-dir`, the syslog listener and the file tailer all end here, so they behave alike.
import type { NativeEvent } from '@keywatch/protocol';
import {
  decodeLines as decodeSourceLines,
  type NormalizedRecord,
  type SourceKind,
} from '@keywatch/sources';
import type { LogStore } from '@keywatch/store';
import type { PreparedEvent } from '../sequencer/event-row.ts';
import type { Sequencer } from '../sequencer/sequencer.ts';
import { prepareRecords, type PreparedRecord, type QuarantinedRecord } from './prepared-records.ts';

export type SourceResult =
  | { status: 'accepted' | 'duplicate'; id: string; index: number; incomplete?: string[] }
  | { status: 'quarantined'; quarantine_id: number; code: string; reason: string; field?: string };

export interface SourceIngestResponse {
  accepted: number;
  duplicates: number;
  quarantined: number;
  /** Accepted or duplicate events that lack a PCI DSS 10.2.2 field (docs/sources.md). */
  incomplete: number;
  /** Quarantined records per code (invalid_json, not_from_source …). */
  quarantine_codes: Record<string, number>;
  results: SourceResult[];
  checkpoint_size: number;
}

export interface SourceIngestContext {
  store: LogStore;
  sequencer: Sequencer;
  /** Who delivered the records, for the `ingest.quarantined` event. */
  actor: NativeEvent['actor'];
  /** Where they came from, e.g. `api:alice`, `syslog:tcp:10.0.0.5:514`, `tail:/var/log/x`. */
  via: string;
}

/** Splits a body into lines (LF or CRLF), dropping the empty last piece of a final newline. */
export function bodyLines(text: string): string[] {
  const lines = text.split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  for (let i = 0; i < lines.length; i++) {
    const l = lines[i]!;
    if (l.endsWith('\r')) lines[i] = l.slice(0, -1);
  }
  return lines;
}

/** Runs whole lines through a fresh decoder of `kind`, flushing at the end. */
export function decodeLines(
  kind: SourceKind,
  lines: readonly string[],
  hmacKey: Uint8Array,
): NormalizedRecord[] {
  return decodeSourceLines(kind, lines, { hmacKey });
}

/** Appends the events, quarantines the rest; resolves once the events are durable. */
export async function ingestRecords(
  kind: SourceKind,
  records: readonly NormalizedRecord[],
  ctx: SourceIngestContext,
): Promise<SourceIngestResponse> {
  return (await queuePrepared(kind, prepareRecords(kind, records), ctx)).done;
}

/**
 * Records already prepared (prepareRecords, e.g. on another thread): queues the events and writes
 * the quarantine; resolves once both are done, with `done` for the durable commit. A caller that
 * waits for this before it queues its next records keeps the log, and the quarantine, in the order
 * of its input (an import's chunks).
 */
export async function queuePrepared(
  kind: SourceKind,
  records: readonly PreparedRecord[],
  ctx: SourceIngestContext,
): Promise<{ done: Promise<SourceIngestResponse> }> {
  const results = new Array<SourceResult | undefined>(records.length);
  const events: PreparedEvent[] = [];
  const positions: number[] = [];
  const rejected: { pos: number; q: QuarantinedRecord }[] = [];
  records.forEach((r, pos) => {
    if (r.kind === 'quarantine') rejected.push({ pos, q: r });
    else {
      events.push(r.event);
      positions.push(pos);
    }
  });
  // Queued before anything is awaited, so calls reach the log in the order they were made.
  const appending = ctx.sequencer.append(events);
  appending.catch(() => {}); // awaited by `done`
  const codes: Record<string, number> = {};
  if (rejected.length > 0) await quarantine(kind, rejected, results, codes, ctx);
  const done = appending.then((appended) => {
    let accepted = 0;
    let duplicates = 0;
    let incomplete = 0;
    appended.forEach((a, i) => {
      const pos = positions[i]!;
      const rec = records[pos] as Extract<PreparedRecord, { kind: 'prepared' }>;
      const missing = rec.incomplete !== undefined && rec.incomplete.length > 0;
      if (missing) incomplete++;
      if (a.duplicate) duplicates++;
      else accepted++;
      results[pos] = {
        status: a.duplicate ? 'duplicate' : 'accepted',
        id: a.id,
        index: a.index,
        ...(missing && { incomplete: rec.incomplete! }),
      };
    });
    return {
      accepted,
      duplicates,
      quarantined: rejected.length,
      incomplete,
      quarantine_codes: codes,
      results: results as SourceResult[],
      checkpoint_size: ctx.sequencer.latestCheckpoint().size,
    };
  });
  return { done };
}

async function quarantine(
  kind: SourceKind,
  rejected: { pos: number; q: QuarantinedRecord }[],
  results: (SourceResult | undefined)[],
  codes: Record<string, number>,
  ctx: SourceIngestContext,
): Promise<void> {
  const ids: number[] = [];
  for (const { pos, q } of rejected) {
    const id = await ctx.store.addQuarantine({
      receivedMs: Date.now(),
      source: kind,
      field: q.field ?? '',
      reason: `${q.code}: ${q.reason}`,
      raw: q.raw,
    });
    ids.push(id);
    codes[q.code] = (codes[q.code] ?? 0) + 1;
    results[pos] = {
      status: 'quarantined',
      quarantine_id: id,
      code: q.code,
      reason: q.reason,
      ...(q.field !== undefined && { field: q.field }),
    };
  }
  const first = rejected[0]!.q;
  await ctx.sequencer.record({
    time: new Date().toISOString(),
    type: 'ingest.quarantined',
    outcome: 'failure',
    severity: 'low',
    actor: ctx.actor,
    target: { type: 'quarantine', id: String(ids[0]) },
    source: { kind: 'keywatch' },
    message: `${rejected.length} ${kind} record(s) quarantined: ${first.code}: ${first.reason}`,
    detail: {
      count: rejected.length,
      quarantine_ids: ids.slice(0, 100),
      source: kind,
      via: ctx.via,
      codes,
    },
  });
}
