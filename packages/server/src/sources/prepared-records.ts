// Decoded records made ready for the log, wherever they were decoded: an event gets its id (the
// adapters always set one), its size check and its leaf template (event-row.ts, prepareEvent), so
// the sequencer only splices in the index. This is all the per-event work that does not need the
// log, which lets `keywatch import --data-dir` do it on its decode thread (prepare-worker.ts).
import { AuditLogError } from '@keywatch/auditlog';
import type { NativeEvent } from '@keywatch/protocol';
import type { NormalizedRecord, SourceKind } from '@keywatch/sources';
import { MAX_EVENT_BYTES } from '../services/ingest-service.ts';
import { prepareEvent, type PreparedEvent } from '../sequencer/event-row.ts';

export type QuarantinedRecord = Extract<NormalizedRecord, { kind: 'quarantine' }>;
export type PreparedRecord =
  QuarantinedRecord | { kind: 'prepared'; event: PreparedEvent; incomplete?: string[] };

export function prepareRecords(
  kind: SourceKind,
  records: readonly NormalizedRecord[],
): PreparedRecord[] {
  return records.map((r, pos): PreparedRecord => {
    if (r.kind === 'quarantine') return r;
    // Every adapter builds its events through validateEvent (event-builder.ts, native-sink.ts):
    // checking again cost about 2 µs per Vault line of import for nothing.
    const e = r.event;
    if (eventBytes(e) > MAX_EVENT_BYTES) {
      const reason = `the event exceeds ${MAX_EVENT_BYTES} bytes`;
      return { kind: 'quarantine', code: 'too_large', reason, raw: e.raw ?? '' };
    }
    try {
      const event = prepareEvent({ ...e, id: e.id ?? `${kind}:${pos}` });
      return r.incomplete === undefined
        ? { kind: 'prepared', event }
        : { kind: 'prepared', event, incomplete: r.incomplete };
    } catch (err) {
      // e.g. a lone UTF-16 surrogate: JSON, but no RFC 8785 leaf can hold it.
      if (!(err instanceof AuditLogError)) throw err;
      return { kind: 'quarantine', code: 'invalid_event', reason: err.message, raw: e.raw ?? '' };
    }
  });
}

/** Size of the event as the producer's JSON: a close bound of the leaf, measured only when large. */
function eventBytes(e: NativeEvent): number {
  // raw is at most 64 KiB and usually most of the event: skip the stringify for small raws.
  if ((e.raw?.length ?? 0) < MAX_EVENT_BYTES / 4) return 0;
  return Buffer.byteLength(JSON.stringify(e));
}

/** The module a decode thread runs (its default export takes a PrepareTask). */
export const PREPARE_WORKER = new URL('./prepare-worker.ts', import.meta.url);
