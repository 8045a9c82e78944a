// In-process pub/sub of what the log just committed, for GET /v1/stream. The sequencer publishes
// after each durable commit; alert changes are derived from the alert.* events that the detection
// pipeline and the alert routes append, so one hook sees both and nothing is announced before it
// is durable. Subscribers must be quick: they only format and write to a socket.
import { decodeLeaf } from '@keywatch/auditlog';
import type { StoredEvent } from '@keywatch/protocol';
import type { EventRow } from '@keywatch/store';

export interface EventSummary {
  index: number;
  type: string;
  time: string;
  outcome: string;
  severity: string | null;
  summary: string;
}

export interface AlertChangeSummary {
  id: string;
  change: string;
  severity: string | null;
  status: string | null;
  rule: string | null;
  index: number;
}

/** One commit: how many events, the newest few, and every alert change in it. */
export interface LiveBatch {
  count: number;
  size: number;
  readonly events: EventSummary[];
  readonly alerts: AlertChangeSummary[];
  /** Every distinct type and source kind in the commit: a follower skips a commit with none of its own unread. */
  types: ReadonlySet<string>;
  kinds: ReadonlySet<string>;
}

const MAX_EVENTS_PER_BATCH = 20;

export function summarize(e: StoredEvent): EventSummary {
  const target = e.target?.id ? ` on ${e.target.type ?? ''} ${e.target.id}` : '';
  const actor = e.actor.id ?? e.actor.roles?.join(',') ?? 'unknown';
  return {
    index: e.index,
    type: e.type,
    time: e.time,
    outcome: e.outcome,
    severity: e.severity ?? null,
    summary: (e.message ?? `${e.type} ${e.outcome} by ${actor}${target}`).slice(0, 300),
  };
}

/** The stored event of a row, from its leaf: the bytes just committed. */
function eventOf(row: EventRow): StoredEvent {
  return decodeLeaf(row.leaf, row.index).event;
}

function alertChange(e: StoredEvent): AlertChangeSummary {
  const d = e.detail ?? {};
  const str = (v: unknown) => (typeof v === 'string' ? v : null);
  return {
    id: str(d['alert_id']) ?? e.target?.id ?? '',
    change: e.type.slice('alert.'.length),
    severity: e.severity ?? null,
    status: str(d['status_to']),
    rule: str(d['rule_id']),
    index: e.index,
  };
}

export class LiveFeed {
  readonly #subscribers = new Set<(batch: LiveBatch) => void>();

  subscribe(fn: (batch: LiveBatch) => void): () => void {
    this.#subscribers.add(fn);
    return () => this.#subscribers.delete(fn);
  }

  get subscribers(): number {
    return this.#subscribers.size;
  }

  /** One commit's rows: types and kinds from their columns, the few events shown from their leaves. */
  publish(rows: readonly EventRow[]): void {
    if (this.#subscribers.size === 0 || rows.length === 0) return;
    const types = new Set<string>();
    const kinds = new Set<string>();
    for (const r of rows) {
      types.add(r.type);
      if (r.sourceKind !== null) kinds.add(r.sourceKind);
    }
    // The summaries decode leaves: only a stream client reads them, the followers of the log
    // read types and kinds, so they are made on first read, once per commit.
    let events: EventSummary[] | undefined;
    let alerts: AlertChangeSummary[] | undefined;
    const batch: LiveBatch = {
      count: rows.length,
      size: rows[rows.length - 1]!.index + 1,
      get events() {
        return (events ??= rows.slice(-MAX_EVENTS_PER_BATCH).map((r) => summarize(eventOf(r))));
      },
      get alerts() {
        return (alerts ??= rows.flatMap((r) =>
          r.type.startsWith('alert.') ? alertChange(eventOf(r)) : [],
        ));
      },
      types,
      kinds,
    };
    for (const fn of this.#subscribers) {
      try {
        fn(batch);
      } catch {
        // a broken subscriber must not stop the others, nor the sequencer that called us
      }
    }
  }
}
