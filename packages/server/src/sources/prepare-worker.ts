// A decode thread's task (keywatch import --data-dir, cli/import/source-import.ts): one chunk of
// lines decoded by the source's adapter and prepared for the log (prepared-records.ts), exactly as
// ingestRecords would on the main thread, which then only appends. Records cross back by
// structured clone: flat objects and one leaf template string per event.
import { decodeLines, type SourceKind } from '@keywatch/sources';
import { prepareRecords, type PreparedRecord } from './prepared-records.ts';

export interface PrepareTask {
  kind: SourceKind;
  lines: string[];
  hmacKey: Uint8Array;
}

export default function prepareChunk(task: PrepareTask): PreparedRecord[] {
  return prepareRecords(task.kind, decodeLines(task.kind, task.lines, { hmacKey: task.hmacKey }));
}
