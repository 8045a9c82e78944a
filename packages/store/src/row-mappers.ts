// Between SQL rows (snake_case, integers for booleans) and the rows of log-store.ts.
import type { Insertable, Selectable } from 'kysely';
import type { CheckpointRow, QuarantineRow, TokenRow } from './log-store.ts';
import type { CheckpointsTable, QuarantineTable, TokensTable } from './schema.ts';
import { decodeText, encodeText } from './text-codec.ts';

export function toCheckpointRow(r: Selectable<CheckpointsTable>): CheckpointRow {
  return { size: r.size, root: r.root, note: r.note, createdMs: r.created_ms };
}

// Quarantine keeps whatever arrived, NULs included (text-codec.ts).
export function toQuarantineRow(r: Selectable<QuarantineTable>): QuarantineRow {
  const { id, received_ms: receivedMs, source, field, reason, raw } = r;
  return {
    id,
    receivedMs,
    source: decodeText(source),
    field: decodeText(field),
    reason: decodeText(reason),
    raw: decodeText(raw),
  };
}

export function fromQuarantineRow(q: Omit<QuarantineRow, 'id'>): Insertable<QuarantineTable> {
  return {
    received_ms: q.receivedMs,
    source: encodeText(q.source),
    field: encodeText(q.field),
    reason: encodeText(q.reason),
    raw: encodeText(q.raw),
  };
}

export function toTokenRow(r: Selectable<TokensTable>): TokenRow {
  return {
    id: r.id,
    secretHash: r.secret_hash,
    role: r.role,
    name: r.name,
    createdMs: r.created_ms,
    revokedMs: r.revoked_ms,
    expiresMs: r.expires_ms,
    singleUse: r.single_use === 1,
    usedMs: r.used_ms,
  };
}

export function fromTokenRow(t: TokenRow): Selectable<TokensTable> {
  return {
    id: t.id,
    secret_hash: t.secretHash,
    role: t.role,
    name: t.name,
    created_ms: t.createdMs,
    revoked_ms: t.revokedMs,
    expires_ms: t.expiresMs,
    single_use: t.singleUse ? 1 : 0,
    used_ms: t.usedMs,
  };
}
