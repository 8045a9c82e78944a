// Keeps normalized events inside the native event schema's limits (native-event-schema.ts):
// an over-long vendor value is cut, never a reason to lose the event.
import { sha256Hex } from '../redact/secret-hash.ts';

export const RAW_MAX = 65536;

export function clipText(value: unknown, max: number): string | undefined {
  if (typeof value !== 'string' || value === '') return undefined;
  return value.length <= max ? value : value.slice(0, max);
}

/** raw is capped at 64 Ki characters; the full text's SHA-256 is kept in detail when cut. */
export function clipRaw(raw: string, detail: Record<string, unknown>): string {
  if (raw.length <= RAW_MAX) return raw;
  detail['raw_truncated'] = true;
  detail['raw_sha256'] = sha256Hex(raw);
  detail['raw_length'] = raw.length;
  return raw.slice(0, RAW_MAX);
}

/** Drops undefined members (exactOptionalPropertyTypes; stable JSON for goldens). */
export function compact<T extends Record<string, unknown>>(obj: T): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const keys = Object.keys(obj);
  for (let i = 0; i < keys.length; i++) {
    const v = obj[keys[i]!];
    if (v !== undefined) out[keys[i]!] = v;
  }
  return out;
}
