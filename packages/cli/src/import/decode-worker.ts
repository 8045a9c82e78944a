// Runs in a worker thread of ParallelDecoder: one chunk of whole records through a fresh decoder
// (the same decodeLines the HTTP route uses). The records go back as one JSON text: a string
// crosses threads as a single copy, where a structured clone of thousands of nested records cost
// the main thread more than decoding them itself (measured with bench/import.ts).
// Imports only @keywatch/sources: a worker that loaded the whole server would spend seconds
// compiling it before its first chunk.
import { decodeLines, type SourceKind } from '@keywatch/sources';

export interface DecodeTask {
  kind: SourceKind;
  lines: string[];
  hmacKey: Uint8Array;
}

export default function decodeChunk(task: DecodeTask): string {
  return JSON.stringify(decodeLines(task.kind, task.lines, { hmacKey: task.hmacKey }));
}
