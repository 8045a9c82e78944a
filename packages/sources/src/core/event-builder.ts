// Turns an adapter's draft into normalized records: fills PCI DSS 10.2.2 gaps with explicit
// placeholders and flags them `incomplete` (research note §2, last paragraph), derives the stable
// id, clips fields to the schema's limits, validates with protocol's validateEvent, and adds a
// key.material_exposed event when redaction found key material in the record.
import { validateEvent } from '@keywatch/protocol';
import type { ActionType, NativeEvent, Outcome, Severity } from '@keywatch/protocol';
import { sha256Hex } from '../redact/secret-hash.ts';
import type { KeyFinding } from '../redact/text-redaction.ts';
import type { NormalizedRecord, SourceKind } from './record-types.ts';
import { defaultSeverity } from './severity-table.ts';
import { exposureEvent } from './exposure-event.ts';
import { clipRaw, clipText, compact } from './clip-fields.ts';

type Opt<T> = T | undefined;
export interface EventDraft {
  /** The vendor's own id parts, joined with ':' into `<kind>:<parts>`; else SHA-256 of raw. */
  vendorId?: Opt<string>;
  time?: Opt<string>;
  type: ActionType;
  /** The vendor operation verbatim; undefined means the record named none. */
  operation: Opt<string>;
  outcome: Opt<Outcome>;
  actor: {
    id?: Opt<string>;
    name?: Opt<string>;
    roles?: Opt<Iterable<string>>;
    type?: Opt<string>;
    ip?: Opt<string>;
    session?: Opt<string>;
    user_agent?: Opt<string>;
  };
  target?: Opt<{ type?: Opt<string>; id?: Opt<string>; name?: Opt<string> }>;
  /** The operation acts on a key: a missing target.id is then a PCI DSS 10.2.2 gap. */
  keyBearing?: boolean;
  source?: { host?: Opt<string>; seq?: Opt<number>; request_id?: Opt<string>; agent?: Opt<string> };
  severity?: Opt<Severity>;
  message?: Opt<string>;
  detail?: Record<string, unknown>;
}

export interface BuildContext {
  kind: SourceKind;
  hmacKey: string | Uint8Array;
  now: () => Date;
  host?: string | undefined;
}

export const UNKNOWN_ACTOR = 'unknown';

export function buildEvent(
  draft: EventDraft,
  raw: string,
  findings: readonly KeyFinding[],
  ctx: BuildContext,
): NormalizedRecord[] {
  const incomplete: string[] = [];
  const detail: Record<string, unknown> = compact(draft.detail ?? {});
  let time = draft.time;
  if (time === undefined) {
    incomplete.push('time');
    time = ctx.now().toISOString();
    detail['time_source'] = 'received';
  }
  if (draft.operation === undefined) incomplete.push('type');
  else detail['operation'] = clipText(draft.operation, 1024);
  let outcome = draft.outcome;
  if (outcome === undefined) {
    incomplete.push('outcome');
    outcome = 'unknown';
  }
  const roles = draft.actor.roles ? [...new Set(draft.actor.roles)].slice(0, 64) : [];
  const actor = compact({
    id: clipText(draft.actor.id, 512),
    name: clipText(draft.actor.name, 512),
    roles: roles.length > 0 ? roles : undefined,
    type: clipText(draft.actor.type, 64),
    ip: clipText(draft.actor.ip, 128),
    session: clipText(draft.actor.session, 512),
    user_agent: clipText(draft.actor.user_agent, 1024),
  });
  if (actor['id'] === undefined && roles.length === 0) {
    incomplete.push('actor');
    actor['id'] = UNKNOWN_ACTOR;
  }
  const target = compact({
    type: clipText(draft.target?.type, 64),
    id: clipText(draft.target?.id, 2048),
    name: clipText(draft.target?.name, 512),
  });
  if (draft.keyBearing && target['id'] === undefined) incomplete.push('target.id');
  if (incomplete.length > 0) detail['incomplete'] = incomplete;
  const clippedRaw = clipRaw(raw, detail);
  const event = compact({
    id: eventId(ctx.kind, draft.vendorId, raw),
    time,
    type: draft.type,
    outcome,
    actor,
    target: Object.keys(target).length > 0 ? target : undefined,
    source: compact({
      kind: ctx.kind,
      host: clipText(draft.source?.host ?? ctx.host, 255),
      agent: clipText(draft.source?.agent, 128),
      seq: draft.source?.seq,
      request_id: clipText(draft.source?.request_id, 512),
    }),
    severity: draft.severity ?? defaultSeverity(draft.type, outcome),
    message: clipText(draft.message, 8192),
    detail,
    raw: clippedRaw,
  });
  const records: NormalizedRecord[] = [checked(event, incomplete, raw)];
  if (findings.length > 0) {
    const first = records[0];
    if (first?.kind === 'event')
      records.push(checked(exposureEvent(first.event, findings), [], raw));
  }
  return records;
}

function eventId(kind: SourceKind, vendorId: string | undefined, raw: string): string {
  const id =
    vendorId !== undefined && vendorId !== ''
      ? `${kind}:${vendorId}`
      : `${kind}:sha256:${sha256Hex(raw)}`;
  return id.length <= 256 ? id : `${kind}:sha256:${sha256Hex(id)}`;
}

function checked(
  event: Record<string, unknown>,
  incomplete: string[],
  raw: string,
): NormalizedRecord {
  const v = validateEvent(event);
  if (!v.ok) {
    return {
      kind: 'quarantine',
      code: 'invalid_event',
      reason: `normalized event is invalid: ${v.problem.field || 'event'} ${v.problem.reason}`,
      field: v.problem.field,
      raw: typeof event['raw'] === 'string' ? event['raw'] : raw,
    };
  }
  const e: NativeEvent = v.event;
  return incomplete.length > 0
    ? { kind: 'event', event: e, incomplete }
    : { kind: 'event', event: e };
}
