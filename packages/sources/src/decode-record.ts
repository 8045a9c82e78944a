// Decodes one already-parsed record (the HTTP API and syslog hand over JSON values) or one text
// record (auditd lines, a CloudHSM block, a syslog message) with a fresh decoder, flushed at the
// end: a Vault request decoded alone is emitted alone, outcome unknown.
import { decodeContext } from './core/decode-context.ts';
import { acceptValue } from './core/json-decoder.ts';
import type { DecoderOptions, NormalizedRecord, SourceKind } from './core/record-types.ts';
import { createDecoder } from './create-decoder.ts';
import { sinkFor, WRAPPERS } from './record-sinks.ts';

const TEXT_KINDS = new Set<SourceKind>(['auditd', 'cloudhsm', 'syslog']);

export function decodeRecord(
  kind: SourceKind,
  value: unknown,
  options: DecoderOptions,
): NormalizedRecord[] {
  if (TEXT_KINDS.has(kind) || typeof value === 'string') {
    const decoder = createDecoder(kind, options);
    const text = typeof value === 'string' ? value : (JSON.stringify(value) ?? String(value));
    return [...text.split(/\r?\n/).flatMap((l) => decoder.push(l)), ...decoder.flush()];
  }
  const ctx = decodeContext(kind, options);
  const sink = sinkFor(kind, ctx, options);
  const raw = JSON.stringify(value) ?? String(value);
  return [...acceptValue(value, raw, sink, ctx, WRAPPERS[kind] ?? []), ...(sink.flush?.() ?? [])];
}

/** Runs whole lines through a fresh decoder of `kind`, flushing at the end. */
export function decodeLines(
  kind: SourceKind,
  lines: readonly string[],
  options: DecoderOptions,
): NormalizedRecord[] {
  const decoder = createDecoder(kind, options);
  const out: NormalizedRecord[] = [];
  for (const line of lines) for (const r of decoder.push(line)) out.push(r);
  for (const r of decoder.flush()) out.push(r);
  return out;
}
