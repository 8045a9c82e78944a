// The `correlation:` section of a Sigma correlation rule (Sigma correlation rules specification
// v2.0: type, rules by id or name, group-by, timespan, condition, value_count's field, aliases;
// `generate` at rule level). Counts are capped so that window state stays bounded.
import { DetectError } from '../detect-error.ts';
import type { RuleDoc, PathKey } from '../rule/rule-yaml.ts';
import { parseDuration } from './timespan.ts';

export const CORRELATION_TYPES = [
  'event_count',
  'value_count',
  'temporal',
  'temporal_ordered',
] as const;
export type CorrelationType = (typeof CORRELATION_TYPES)[number];
export const CONDITION_OPS = ['gt', 'gte', 'lt', 'lte', 'eq', 'neq'] as const;
export type ConditionOp = (typeof CONDITION_OPS)[number];

/** Largest threshold a count condition may use: per group the engine keeps at most this many
 *  event times (event_count) or distinct values (value_count). */
export const MAX_THRESHOLD = 10_000;

export interface CorrelationSpec {
  type: CorrelationType;
  rules: string[];
  groupBy: string[];
  timespanMs: number;
  condition: Array<[ConditionOp, number]>;
  field: string | undefined;
  aliases: Record<string, Record<string, string>>;
  generate: boolean;
}

export function parseCorrelationSpec(doc: Record<string, unknown>, src: RuleDoc): CorrelationSpec {
  const c = doc['correlation'];
  const base: PathKey[] = ['correlation'];
  const bad = (why: string, p: PathKey[] = base) =>
    new DetectError('CORRELATION_INVALID', why, src.at(p));
  if (c === null || typeof c !== 'object' || Array.isArray(c))
    throw bad('correlation must be a map');
  const m = c as Record<string, unknown>;
  if (!CORRELATION_TYPES.includes(m['type'] as CorrelationType))
    throw bad(`type must be one of ${CORRELATION_TYPES.join(', ')}`, [...base, 'type']);
  const type = m['type'] as CorrelationType;
  const rulesV = typeof m['rules'] === 'string' ? [m['rules']] : m['rules'];
  if (
    !Array.isArray(rulesV) ||
    rulesV.length === 0 ||
    !rulesV.every((r) => typeof r === 'string' && r !== '')
  )
    throw bad('rules must be a list of rule ids or names', [...base, 'rules']);
  const rules = rulesV as string[];
  if (type.startsWith('temporal') && rules.length < 2)
    throw bad(`${type} needs two or more rules`, [...base, 'rules']);
  const gb = typeof m['group-by'] === 'string' ? [m['group-by']] : (m['group-by'] ?? []);
  if (!Array.isArray(gb) || !gb.every((g) => typeof g === 'string'))
    throw bad('group-by must be a list of fields', [...base, 'group-by']);
  const timespanMs = parseDuration(m['timespan']);
  if (timespanMs === undefined)
    throw bad('timespan must be a number and s, m, h or d (e.g. 5m)', [...base, 'timespan']);
  const { condition, field } = parseThreshold(type, m['condition'], rules.length, (w) =>
    bad(w, [...base, 'condition']),
  );
  const generate = doc['generate'] ?? m['generate'] ?? false;
  if (typeof generate !== 'boolean') throw bad('generate must be true or false', ['generate']);
  return {
    type,
    rules,
    groupBy: gb,
    timespanMs,
    condition,
    field,
    aliases: parseAliases(m['aliases'], (w) => bad(w, [...base, 'aliases'])),
    generate,
  };
}

function parseThreshold(
  type: CorrelationType,
  v: unknown,
  nRules: number,
  bad: (w: string) => DetectError,
) {
  if (v === undefined && type.startsWith('temporal'))
    return { condition: [['gte', nRules]] as Array<[ConditionOp, number]>, field: undefined };
  if (v === null || typeof v !== 'object' || Array.isArray(v))
    throw bad('condition must be a map such as {gte: 10}');
  const condition: Array<[ConditionOp, number]> = [];
  let field: string | undefined;
  for (const [k, n] of Object.entries(v as Record<string, unknown>)) {
    if (k === 'field') {
      if (typeof n !== 'string' || n === '') throw bad('field must be a field name');
      field = n;
      continue;
    }
    if (!CONDITION_OPS.includes(k as ConditionOp)) throw bad(`unknown condition "${k}"`);
    if (typeof n !== 'number' || !Number.isInteger(n) || n < 0 || n > MAX_THRESHOLD)
      throw bad(`${k} needs an integer from 0 to ${MAX_THRESHOLD}`);
    condition.push([k as ConditionOp, n]);
  }
  if (condition.length === 0) throw bad('condition needs gt, gte, lt, lte, eq or neq');
  if (type === 'value_count' && field === undefined) throw bad('value_count needs condition.field');
  if (type !== 'value_count' && field !== undefined) throw bad('field is only for value_count');
  if (type === 'temporal_ordered' && !condition.every(([op, n]) => op === 'gte' && n === nRules))
    throw bad('temporal_ordered requires every rule in order; leave condition out');
  return { condition, field };
}

function parseAliases(
  v: unknown,
  bad: (w: string) => DetectError,
): Record<string, Record<string, string>> {
  if (v === undefined) return {};
  if (v === null || typeof v !== 'object' || Array.isArray(v)) throw bad('aliases must be a map');
  const out: Record<string, Record<string, string>> = {};
  for (const [alias, per] of Object.entries(v as Record<string, unknown>)) {
    if (per === null || typeof per !== 'object' || Array.isArray(per))
      throw bad(`alias ${alias} must map rule names to fields`);
    const entries = Object.entries(per as Record<string, unknown>);
    if (!entries.every(([, f]) => typeof f === 'string'))
      throw bad(`alias ${alias} must map rule names to fields`);
    out[alias] = Object.fromEntries(entries) as Record<string, string>;
  }
  return out;
}

/** True when `n` satisfies every criterion (a range is the AND of its criteria). */
export function conditionHolds(
  cond: ReadonlyArray<readonly [ConditionOp, number]>,
  n: number,
): boolean {
  for (const [op, v] of cond) {
    const ok =
      op === 'gt'
        ? n > v
        : op === 'gte'
          ? n >= v
          : op === 'lt'
            ? n < v
            : op === 'lte'
              ? n <= v
              : op === 'eq'
                ? n === v
                : n !== v;
    if (!ok) return false;
  }
  return true;
}

/** Conditions that can become true as events arrive (checked on each event); the others (lt,
 *  lte, eq, neq) can only be judged when the window closes. */
export const risingOnly = (cond: ReadonlyArray<readonly [ConditionOp, number]>) =>
  cond.every(([op]) => op === 'gt' || op === 'gte');
