// Reads an import file (or stdin) of any size, gunzipping it when it starts with the gzip magic
// bytes, and yields it in chunks of whole lines cut only where the format allows: the decoders keep
// state within a chunk only (a Vault request waits for its response, a pretty-printed JSON value
// or a CloudHSM block spans lines, auditd records of one event share a serial). Cutting elsewhere
// would emit a request without its response and give it another id than a whole-file decode.
import { createReadStream } from 'node:fs';
import { Readable } from 'node:stream';
import { createGunzip } from 'node:zlib';
import type { SourceKind } from '@keywatch/sources';
import { lineBatches } from './line-batches.ts';

export interface ChunkOptions {
  /** Lines per chunk, cut at the next record boundary after this many. */
  lines: number;
  /** Called with the bytes read so far (compressed bytes for a gzip file). */
  onBytes?: (bytes: number) => void;
}

/** Decides, line by line, whether a chunk may end before the next line. */
interface Boundary {
  cutBefore(line: string): boolean;
  observe(line: string): void;
}

const UNTIL_HARD_CUT = 4; // × lines: a chunk is cut even mid-record past this (the rest quarantines)
const SOFT_BYTES = 8 << 20;
const HARD_BYTES = 24 << 20; // under the server's default 32 MiB body limit

export async function* readChunks(
  file: string,
  kind: SourceKind,
  opts: ChunkOptions,
): AsyncGenerator<string[]> {
  const boundary = boundaryFor(kind, opts.lines);
  let chunk: string[] = [];
  let bytes = 0;
  for await (const lines of readLines(file, opts.onBytes)) {
    for (const line of lines) {
      if (chunk.length > 0) {
        const soft = chunk.length >= opts.lines || bytes >= SOFT_BYTES;
        const hard = chunk.length >= opts.lines * UNTIL_HARD_CUT || bytes >= HARD_BYTES;
        if ((soft && boundary.cutBefore(line)) || hard) {
          yield chunk;
          chunk = [];
          bytes = 0;
        }
      }
      boundary.observe(line);
      chunk.push(line);
      bytes += line.length + 1;
    }
  }
  if (chunk.length > 0) yield chunk;
}

/** The file's lines, a batch per chunk read (lineBatches). */
async function* readLines(
  file: string,
  onBytes: ((n: number) => void) | undefined,
): AsyncGenerator<string[]> {
  const input: AsyncIterable<Buffer> = file === '-' ? process.stdin : createReadStream(file);
  let read = 0;
  const counted = (async function* () {
    for await (const c of input) {
      const b = typeof c === 'string' ? Buffer.from(c) : c;
      read += b.length;
      yield b;
    }
  })();
  const first = await counted.next();
  if (first.done) return;
  let body: Readable = Readable.from(
    (async function* () {
      yield first.value;
      yield* counted;
    })(),
  );
  if (first.value[0] === 0x1f && first.value[1] === 0x8b) body = body.pipe(createGunzip());
  for await (const lines of lineBatches(body)) {
    yield lines;
    onBytes?.(read);
  }
  onBytes?.(read);
}

function boundaryFor(kind: SourceKind, lines: number): Boundary {
  switch (kind) {
    case 'syslog':
      return { cutBefore: () => true, observe: () => {} };
    case 'cloudhsm':
      // A block starts at `Time:`; cutting before one never splits a block.
      return { cutBefore: (l) => /^\s*Time\s*:/.test(l), observe: () => {} };
    case 'auditd':
      return auditdBoundary();
    case 'vault':
      return vaultBoundary(lines);
    default:
      return jsonBoundary();
  }
}

/** Records of one auditd event are adjacent and share `msg=audit(time:serial)`. */
function auditdBoundary(): Boundary {
  let last: string | undefined;
  const serial = (l: string): string | undefined => /msg=audit\(([0-9.:]+)\)/.exec(l)?.[1];
  return {
    cutBefore: (l) => serial(l) !== last,
    observe: (l) => {
      last = serial(l);
    },
  };
}

/** Outside any JSON value (depth 0 after the previous line). */
function jsonBoundary(): Boundary & { depth(): number } {
  let depth = 0;
  return {
    depth: () => depth,
    cutBefore: () => depth === 0,
    observe(l) {
      // Fast path: one whole object per line, as JSON Lines writers produce.
      if (depth === 0 && l.startsWith('{') && l.endsWith('}')) return;
      let inString = false;
      for (let i = 0; i < l.length; i++) {
        const c = l.charCodeAt(i);
        if (inString) {
          if (c === 0x5c) i++;
          else if (c === 0x22) inString = false;
        } else if (c === 0x22) inString = true;
        else if (c === 0x7b || c === 0x5b) depth++;
        else if (c === 0x7d || c === 0x5d) depth = Math.max(0, depth - 1);
      }
    },
  };
}

/**
 * Vault: also no request waiting for its response. A request still unanswered `2 × lines` later is
 * an orphan (the decoder emits it alone anyway) and no longer holds the cut.
 */
function vaultBoundary(lines: number): Boundary {
  const json = jsonBoundary();
  const pending = new Map<string, number>();
  let n = 0;
  const requestId = (l: string): string | undefined => {
    const at = l.indexOf('"request":{"id":"');
    if (at < 0) return undefined;
    const start = at + 17;
    const end = l.indexOf('"', start);
    return end > start ? l.slice(start, end) : undefined;
  };
  return {
    cutBefore(l) {
      if (!json.cutBefore(l)) return false;
      for (const [id, at] of pending) {
        if (n - at <= 2 * lines) return false;
        pending.delete(id); // orphan: oldest first, so the rest are younger
      }
      return true;
    },
    observe(l) {
      json.observe(l);
      n++;
      const head = l.slice(0, 120);
      const type = head.includes('"type":"request"')
        ? 'request'
        : head.includes('"type":"response"')
          ? 'response'
          : undefined;
      if (type === undefined) return;
      const id = requestId(l);
      if (id === undefined) return;
      if (type === 'request') pending.set(id, n);
      else pending.delete(id);
    },
  };
}
