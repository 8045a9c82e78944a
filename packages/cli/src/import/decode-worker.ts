// Runs in the decode thread of `keywatch import --data-dir` (source-import.ts): turns one chunk of
// lines into normalized records with the source's adapter, exactly as the main thread would
// (decodeLines with the log's HMAC key), so the main thread only appends them.
import { decodeLines, type NormalizedRecord, type SourceKind } from '@keywatch/sources';

export interface DecodeTask {
  kind: SourceKind;
  lines: string[];
  hmacKey: Uint8Array;
}

export default function decodeChunk(task: DecodeTask): NormalizedRecord[] {
  return decodeLines(task.kind, task.lines, { hmacKey: task.hmacKey });
}
