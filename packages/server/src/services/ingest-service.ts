// Ingest (DESIGN.md, HTTP: POST /v1/events): a JSON array, {"events":[…]} or NDJSON. Each event
// gets a result: accepted with its index, duplicate of an earlier id (same index), or quarantined
// with its reason. Nothing is dropped: what cannot be accepted is stored in quarantine with its
// raw text, and the quarantine itself is recorded as an event.
import { AuditLogError } from '@keywatch/auditlog';
import {
  validateEvent,
  type EventProblem,
  type IngestResponse,
  type IngestResult,
} from '@keywatch/protocol';
import type { LogStore } from '@keywatch/store';
import { ApiError } from '../api-error.ts';
import type { Principal } from '../auth/token-service.ts';
import { prepareEvent, type PreparedEvent } from '../sequencer/event-row.ts';
import type { SequencedEvent, Sequencer } from '../sequencer/sequencer.ts';
import { newEventId } from '../sequencer/event-id.ts';

export const MAX_EVENTS_PER_REQUEST = 10_000;
/** Leaves stay under tlog-tiles' 64 KiB entry cap; measured on the producer's JSON, a close bound. */
export const MAX_EVENT_BYTES = 60_000;

type Item = { value: unknown; raw: string } | { problem: EventProblem; raw: string };

export interface IngestContext {
  store: LogStore;
  sequencer: Sequencer;
  principal: Principal;
}

export function splitBody(body: string, ndjson: boolean): Item[] {
  if (ndjson) {
    const items: Item[] = [];
    body.split('\n').forEach((line, n) => {
      if (line.trim() === '') return;
      try {
        items.push({ value: JSON.parse(line), raw: line });
      } catch {
        items.push({
          problem: { field: '', reason: `line ${n + 1} is not valid JSON` },
          raw: line,
        });
      }
    });
    return items;
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch (err) {
    throw new ApiError('BAD_JSON', `the body is not valid JSON: ${(err as Error).message}`);
  }
  const list: unknown = Array.isArray(parsed)
    ? parsed
    : parsed !== null && typeof parsed === 'object' && 'events' in parsed
      ? parsed.events
      : undefined;
  if (!Array.isArray(list)) {
    throw new ApiError('BAD_REQUEST', 'send a JSON array of events, {"events":[…]}, or NDJSON');
  }
  return (list as unknown[]).map((value) => ({
    value,
    raw: JSON.stringify(value) ?? String(value),
  }));
}

/** An item made ready for the log (prepareItems), or why it is quarantined. */
export type PreparedItem = { event: PreparedEvent } | { problem: EventProblem; raw: string };

/**
 * Checks, validates and prepares each item (its id, its row columns, its leaf template): all the
 * per-event work that needs no log (the sequencer then only copies the template around the index).
 */
export function prepareItems(items: readonly Item[]): PreparedItem[] {
  return items.map((item): PreparedItem => {
    if ('problem' in item) return item;
    if (item.raw.length > MAX_EVENT_BYTES) {
      const problem = { field: '', reason: `the event exceeds ${MAX_EVENT_BYTES} bytes` };
      return { problem, raw: item.raw };
    }
    const v = validateEvent(item.value);
    if (!v.ok) return { problem: v.problem, raw: item.raw };
    const e = v.event;
    try {
      return {
        event: prepareEvent(
          // Object.assign, not a spread: a spread of a parsed object that gains a member is slow.
          e.id === undefined ? Object.assign({ id: newEventId() }, e) : (e as SequencedEvent),
          v.timeMs,
        ),
      };
    } catch (err) {
      // Valid JSON that no RFC 8785 leaf can hold (a lone surrogate, 1e400): quarantined here,
      // so that it cannot fail the other requests of its group commit.
      if (!(err instanceof AuditLogError)) throw err;
      return { problem: { field: '', reason: err.message }, raw: item.raw };
    }
  });
}

/** A POST /v1/events body, split (splitBody) and prepared; TOO_MANY_EVENTS before any work. */
export function prepareBody(body: string, ndjson: boolean): PreparedItem[] {
  const items = splitBody(body, ndjson);
  tooMany(items.length);
  return prepareItems(items);
}

export function ingestItems(items: Item[], ctx: IngestContext): Promise<IngestResponse> {
  tooMany(items.length);
  return ingestPrepared(prepareItems(items), ctx);
}

function tooMany(n: number): void {
  if (n > MAX_EVENTS_PER_REQUEST) {
    throw new ApiError(
      'TOO_MANY_EVENTS',
      `at most ${MAX_EVENTS_PER_REQUEST} events per request; split the batch`,
    );
  }
}

/**
 * Appends the prepared events, quarantines the rest; resolves once the events are durable. The
 * count was checked before they were prepared (prepareBody, ingestItems).
 */
export async function ingestPrepared(
  items: readonly PreparedItem[],
  ctx: IngestContext,
): Promise<IngestResponse> {
  const results = new Array<IngestResult | undefined>(items.length);
  const valid: PreparedEvent[] = [];
  const positions: number[] = [];
  const rejected: { pos: number; problem: EventProblem; raw: string }[] = [];
  items.forEach((item, pos) => {
    if ('problem' in item) rejected.push({ pos, problem: item.problem, raw: item.raw });
    else {
      valid.push(item.event);
      positions.push(pos);
    }
  });
  if (rejected.length > 0) await quarantine(rejected, results, ctx);
  const appended = await ctx.sequencer.append(valid);
  appended.forEach((a, i) => {
    results[positions[i]!] = {
      status: a.duplicate ? 'duplicate' : 'accepted',
      id: a.id,
      index: a.index,
    };
  });
  const done = results as IngestResult[];
  return {
    results: done,
    accepted: appended.filter((a) => !a.duplicate).length,
    duplicates: appended.filter((a) => a.duplicate).length,
    quarantined: rejected.length,
    checkpoint_size: ctx.sequencer.latestCheckpoint().size,
  };
}

async function quarantine(
  rejected: { pos: number; problem: EventProblem; raw: string }[],
  results: (IngestResult | undefined)[],
  ctx: IngestContext,
): Promise<void> {
  const source = `api:${ctx.principal.name}`;
  const ids: number[] = [];
  for (const r of rejected) {
    const id = await ctx.store.addQuarantine({
      receivedMs: Date.now(),
      source,
      field: r.problem.field,
      reason: r.problem.reason,
      raw: r.raw,
    });
    ids.push(id);
    results[r.pos] = { status: 'quarantined', quarantine_id: id, problem: r.problem };
  }
  await ctx.sequencer.record({
    time: new Date().toISOString(),
    type: 'ingest.quarantined',
    outcome: 'failure',
    severity: 'low',
    actor: {
      id: ctx.principal.name,
      roles: [ctx.principal.role],
      type: ctx.principal.person ? 'user' : 'service',
    },
    target: { type: 'quarantine', id: String(ids[0]) },
    source: { kind: 'keywatch' },
    message: `${rejected.length} event(s) quarantined: ${rejected[0]!.problem.field || 'event'} ${rejected[0]!.problem.reason}`,
    detail: { count: rejected.length, quarantine_ids: ids.slice(0, 100), source },
  });
}
