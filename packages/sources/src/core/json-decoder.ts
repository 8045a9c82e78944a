// The line decoder shared by the JSON sources: frames JSON texts, parses them, unwraps export
// containers (a top-level array, or an object holding the records under one member such as
// CloudTrail's `Records` or Azure's `records`), and hands each record object to the adapter.
import type { BuildContext } from './event-builder.ts';
import { JsonFramer } from './json-framer.ts';
import { quarantine } from './quarantine.ts';
import type { NormalizedRecord, SourceDecoder } from './record-types.ts';

export interface RecordSink {
  accept(record: Record<string, unknown>, raw: string): NormalizedRecord[];
  flush?(): NormalizedRecord[];
}

export const DEFAULT_MAX_RECORD_CHARS = 16 * 1024 * 1024;

export function createJsonDecoder(
  sink: RecordSink,
  ctx: BuildContext,
  wrappers: readonly string[],
  maxChars = DEFAULT_MAX_RECORD_CHARS,
): SourceDecoder {
  const framer = new JsonFramer(maxChars);
  const handle = (framed: ReturnType<JsonFramer['push']>): NormalizedRecord[] => {
    const out: NormalizedRecord[] = [];
    for (const f of framed) {
      if (!f.ok) out.push(...quarantine(f.code, f.reason, f.raw, ctx));
      else out.push(...acceptText(f.text, f.value, sink, ctx, wrappers));
    }
    return out;
  };
  return {
    push: (line) => handle(framer.push(line)),
    flush: () => [...handle(framer.flush()), ...(sink.flush?.() ?? [])],
  };
}

function acceptText(
  text: string,
  parsed: unknown,
  sink: RecordSink,
  ctx: BuildContext,
  wrappers: readonly string[],
): NormalizedRecord[] {
  let value = parsed;
  if (value === undefined) {
    try {
      value = JSON.parse(text) as unknown;
    } catch (e) {
      return quarantine('invalid_json', `invalid JSON: ${(e as Error).message}`, text, ctx);
    }
  }
  return acceptValue(value, text, sink, ctx, wrappers);
}

export function acceptValue(
  value: unknown,
  text: string,
  sink: RecordSink,
  ctx: BuildContext,
  wrappers: readonly string[],
): NormalizedRecord[] {
  const items = unwrap(value, wrappers);
  if (items === undefined) {
    if (!isObject(value)) {
      return quarantine('not_from_source', 'expected a JSON object (one record)', text, ctx);
    }
    return sink.accept(value, text);
  }
  const out: NormalizedRecord[] = [];
  for (const item of items) {
    const raw = JSON.stringify(item) ?? String(item);
    if (isObject(item)) out.push(...sink.accept(item, raw));
    else
      out.push(
        ...quarantine('not_from_source', 'expected a JSON object in the record list', raw, ctx),
      );
  }
  return out;
}

function unwrap(value: unknown, wrappers: readonly string[]): unknown[] | undefined {
  if (Array.isArray(value)) return value as unknown[];
  if (!isObject(value)) return undefined;
  for (const w of wrappers) {
    const inner = value[w];
    if (Array.isArray(inner) && Object.keys(value).length <= 2) return inner as unknown[];
  }
  return undefined;
}

export function isObject(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}
