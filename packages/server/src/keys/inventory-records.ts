// Inventory entries (protocol) ↔ store records.
import type { KeyInventoryEntry, KeyState } from '@keywatch/protocol';
import type { KeyInventoryRecord } from '@keywatch/store';

export function toRecord(e: KeyInventoryEntry, source: string, atMs: number): KeyInventoryRecord {
  return {
    id: e.id,
    name: e.name ?? null,
    algorithm: e.algorithm,
    size: e.size ?? null,
    usage: e.usage ?? null,
    state: e.state,
    activation: e.activation ?? null,
    expiry: e.expiry ?? null,
    fingerprint: e.fingerprint ?? null,
    kcv: e.kcv ?? null,
    locations: [...(e.locations ?? [])],
    shareable: e.shareable ?? false,
    source,
    updatedMs: atMs,
  };
}

export function toEntry(
  r: KeyInventoryRecord,
): KeyInventoryEntry & { source: string; updated: string } {
  return {
    id: r.id,
    algorithm: r.algorithm,
    state: r.state as KeyState,
    ...(r.name !== null && { name: r.name }),
    ...(r.size !== null && { size: r.size }),
    ...(r.usage !== null && { usage: r.usage }),
    ...(r.activation !== null && { activation: r.activation }),
    ...(r.expiry !== null && { expiry: r.expiry }),
    ...(r.fingerprint !== null && { fingerprint: r.fingerprint }),
    ...(r.kcv !== null && { kcv: r.kcv }),
    ...(r.locations.length > 0 && { locations: r.locations }),
    ...(r.shareable && { shareable: true }),
    source: r.source,
    updated: new Date(r.updatedMs).toISOString(),
  };
}
