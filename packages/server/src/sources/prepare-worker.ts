// A decode thread's task (keywatch import --data-dir, cli/import/source-import.ts): one chunk of
// lines decoded by the source's adapter and prepared for the log (prepared-records.ts), exactly as
// ingestRecords would on the main thread, which then only appends. Records cross back by
// structured clone; the leaf templates' bytes as views of one buffer, which is copied once and
// lives outside the main thread's heap (rebuilding a string per event there cost its GC dearly).
import { decodeLines, type SourceKind } from '@keywatch/sources';
import { packTemplates } from '../sequencer/event-row.ts';
import { prepareRecords, type PreparedRecord } from './prepared-records.ts';

export interface PrepareTask {
  kind: SourceKind;
  lines: string[];
  hmacKey: Uint8Array;
}

export default function prepareChunk(task: PrepareTask): PreparedRecord[] {
  const records = prepareRecords(
    task.kind,
    decodeLines(task.kind, task.lines, { hmacKey: task.hmacKey }),
  );
  packTemplates(records.flatMap((r) => (r.kind === 'prepared' ? [r.event] : [])));
  return records;
}
