// Shared test fixtures: a fixed HMAC key and clock, sample locations, and a whole-text decoder.
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { validateEvent } from '@keywatch/protocol';
import { createDecoder } from '../src/create-decoder.ts';
import type { DecoderOptions, NormalizedRecord, SourceKind } from '../src/core/record-types.ts';

export const KEY = 'test-hmac-key-0123456789abcdef';
export const NOW = new Date('2026-01-01T00:00:00.000Z');
export const OPTIONS: DecoderOptions = { hmacKey: KEY, now: () => NOW };
export const SAMPLES = new URL('./data/', import.meta.url).pathname;

/** Sample files per adapter, as the data README lists them. */
export function sampleFiles(kind: SourceKind): string[] {
  const dir = {
    vault: 'vault',
    cloudtrail: 'cloudtrail-kms',
    'gcp-kms': 'gcp-kms',
    'azure-keyvault': 'azure-keyvault',
    cloudhsm: 'cloudhsm',
    auditd: 'auditd',
  }[kind as string];
  if (!dir) return [];
  return readdirSync(join(SAMPLES, dir))
    .filter((f) => /\.(log|json|jsonl)$/.test(f) && f !== 'expected.jsonl')
    .sort()
    .map((f) => join(SAMPLES, dir, f));
}

export function decodeText(
  kind: SourceKind,
  text: string,
  options: DecoderOptions = OPTIONS,
): NormalizedRecord[] {
  const d = createDecoder(kind, options);
  return [...text.split('\n').flatMap((l) => d.push(l)), ...d.flush()];
}

export function decodeFileSync(kind: SourceKind, path: string, options: DecoderOptions = OPTIONS) {
  return decodeText(kind, readFileSync(path, 'utf8'), options);
}

/** Every record is a valid native event or a quarantine with a code and a reason. */
export function problems(records: readonly NormalizedRecord[]): string[] {
  const out: string[] = [];
  for (const r of records) {
    if (r.kind === 'event') {
      const v = validateEvent(r.event);
      if (!v.ok) out.push(`invalid event ${r.event.id}: ${v.problem.field} ${v.problem.reason}`);
    } else if (!r.reason || !r.code || typeof r.raw !== 'string')
      out.push(`quarantine without reason: ${JSON.stringify(r)}`);
  }
  return out;
}

export function events(records: readonly NormalizedRecord[]) {
  return records.flatMap((r) => (r.kind === 'event' ? [r.event] : []));
}
