// Maps a stored event to its indexed row: the columns the query API filters on, plus the exact leaf.
import type { StoredEvent } from '@keywatch/protocol';
import type { EventRow } from '@keywatch/store';

export function toEventRow(event: StoredEvent, leaf: Uint8Array, receivedMs: number): EventRow {
  return {
    index: event.index,
    id: event.id,
    timeMs: Date.parse(event.time),
    receivedMs,
    type: event.type,
    outcome: event.outcome,
    actorId: event.actor.id ?? null,
    actorRoles: event.actor.roles ?? [],
    targetId: event.target?.id ?? null,
    targetType: event.target?.type ?? null,
    host: event.source?.host ?? null,
    sourceKind: event.source?.kind ?? null,
    severity: event.severity ?? null,
    leaf,
  };
}
