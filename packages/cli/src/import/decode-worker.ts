// Runs in a worker thread of ParallelDecoder: one chunk of whole records through a fresh decoder
// (the same decodeLines the HTTP route uses), so the import's main thread only validates and
// appends while the next chunk is decoded beside it.
import type { SourceKind } from '@keywatch/sources';
import { decodeLines } from '@keywatch/server';

export interface DecodeTask {
  kind: SourceKind;
  lines: string[];
  hmacKey: Uint8Array;
}

export default function decodeChunk(task: DecodeTask): ReturnType<typeof decodeLines> {
  return decodeLines(task.kind, task.lines, task.hmacKey);
}
