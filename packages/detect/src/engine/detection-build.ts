// Builds Detections from a matched rule, a correlation firing or a detector hit: dedupe key,
// evidence indexes, a one-line summary for notifications, and the fields an investigator needs
// first (PCI DSS 10.2.2: who, what, when, outcome, origin, affected resource).
import type { StoredEvent } from '@keywatch/protocol';
import type { Detection } from '../detection.ts';
import { severityOf } from '../detection.ts';
import type { Doc } from '../fields/field-doc.ts';
import { nativeAccessor } from '../fields/field-doc.ts';
import type { RuleMeta, SigmaRule } from '../rule/rule-types.ts';
import type { Firing } from '../correlate/correlation-runtime.ts';
import type { DetectorHit } from '../detectors/detector-types.ts';
import { formatDuration } from '../correlate/timespan.ts';
import type { CorrelationRule } from '../rule/rule-types.ts';
import { scalarText } from '../match/scalar-value.ts';

const DEFAULT_DEDUPE = ['source.kind', 'actor.id', 'target.id'];

const text = (v: unknown) =>
  Array.isArray(v) ? v.map((e) => scalarText(e) ?? '').join(',') : (scalarText(v) ?? '');

function base(
  rule: RuleMeta,
  origin: Detection['origin'],
  group: string[],
): Pick<
  Detection,
  'ruleId' | 'ruleName' | 'title' | 'level' | 'severity' | 'tags' | 'origin' | 'dedupeKey'
> {
  const level = rule.level ?? 'medium';
  return {
    ruleId: rule.key,
    ruleName: rule.name,
    title: rule.title,
    level,
    severity: severityOf(level),
    tags: [...rule.tags],
    origin,
    dedupeKey: JSON.stringify([rule.key, ...group]),
  };
}

export function eventFields(e: StoredEvent): Record<string, unknown> {
  const f: Record<string, unknown> = {
    type: e.type,
    outcome: e.outcome,
    'actor.id': e.actor.id ?? null,
  };
  if (e.actor.roles) f['actor.roles'] = e.actor.roles;
  if (e.actor.ip) f['actor.ip'] = e.actor.ip;
  if (e.target?.id) f['target.id'] = e.target.id;
  if (e.source?.kind) f['source.kind'] = e.source.kind;
  if (e.source?.host) f['source.host'] = e.source.host;
  return f;
}

export function ruleDetection(rule: SigmaRule, doc: Doc): Detection {
  const e = doc.event;
  const group = (rule.dedupe ?? DEFAULT_DEDUPE).map((f) => text(nativeAccessor(f)(doc)));
  const fields = eventFields(e);
  for (const f of rule.fields) fields[f] = rule.accessor(f)(doc) ?? null;
  const who = e.actor.id ?? e.actor.roles?.join(',') ?? '?';
  const where = [e.source?.kind, e.source?.host].filter(Boolean).join('/');
  return {
    ...base(rule, 'event', group),
    eventIndexes: [e.index],
    summary: `${rule.title}: ${e.type} (${e.outcome}) by ${who}${e.target?.id ? ` on ${e.target.id}` : ''}${where ? ` [${where}]` : ''}`,
    fields,
    time: e.time,
  };
}

export function correlationDetection(rule: CorrelationRule, f: Firing): Detection {
  const c = rule.correlation;
  const groupFields = Object.fromEntries(c.groupBy.map((g, i) => [g, f.group[i]]));
  const what =
    c.type === 'value_count'
      ? `${f.count} distinct ${c.field}`
      : c.type === 'event_count'
        ? `${f.count} events`
        : `${f.count} of ${c.rules.length} rules${c.type === 'temporal_ordered' ? ' in order' : ''}`;
  const by =
    c.groupBy.length > 0 ? ` for ${c.groupBy.map((g, i) => `${g}=${f.group[i]}`).join(', ')}` : '';
  return {
    ...base(rule, 'correlation', f.group),
    eventIndexes: f.eventIndexes,
    summary: `${rule.title}: ${what} within ${formatDuration(c.timespanMs)}${by} (condition ${c.condition.map(([op, n]) => `${op} ${n}`).join(' and ')})`,
    fields: {
      ...groupFields,
      count: f.count,
      timespan: formatDuration(c.timespanMs),
      correlation: c.type,
    },
    time: f.time,
  };
}

export function detectorDetection(
  rule: SigmaRule,
  hit: DetectorHit,
  event: StoredEvent | undefined,
): Detection {
  return {
    ...base(rule, 'detector', hit.group),
    eventIndexes: hit.eventIndexes,
    summary: `${rule.title}: ${hit.summary}`,
    fields: { ...(event ? eventFields(event) : {}), ...hit.fields, detector: rule.detector?.kind },
    time: hit.time,
  };
}
