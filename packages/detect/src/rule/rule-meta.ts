// The descriptive attributes of a Sigma rule (Sigma rules specification v2: title, id, name,
// status, level, tags, description, falsepositives, fields) plus keywatch's `dedupe` list.
import { DetectError } from '../detect-error.ts';
import type { RuleDoc } from './rule-yaml.ts';
import { LEVELS, STATUSES } from './rule-types.ts';
import type { Level, RuleMeta } from './rule-types.ts';

export function parseMeta(m: Record<string, unknown>, src: RuleDoc): RuleMeta {
  const bad = (key: string, why: string) =>
    new DetectError('RULE_INVALID', `${key}: ${why}`, src.at([key]));
  const optStr = (key: string): string | undefined => {
    const v = m[key];
    if (v === undefined || v === null) return undefined;
    if (typeof v !== 'string' || v === '') throw bad(key, 'expected a string');
    return v;
  };
  const strList = (key: string): string[] | undefined => {
    const v = m[key];
    if (v === undefined || v === null) return undefined;
    const list = typeof v === 'string' ? [v] : v;
    if (!Array.isArray(list) || !list.every((x) => typeof x === 'string'))
      throw bad(key, 'expected a list of strings');
    return list;
  };
  const title = optStr('title');
  if (title === undefined) throw new DetectError('RULE_INVALID', 'title is required', src.at([]));
  if (title.length > 256) throw bad('title', 'longer than 256 characters');
  const id = optStr('id');
  const name = optStr('name');
  const key = id ?? name;
  if (key === undefined)
    throw new DetectError(
      'RULE_INVALID',
      'a rule needs an id or a name (alerts name it)',
      src.at([]),
    );
  const status = optStr('status');
  if (status !== undefined && !(STATUSES as readonly string[]).includes(status))
    throw bad('status', `expected one of ${STATUSES.join(', ')}`);
  const level = optStr('level');
  if (level !== undefined && !(LEVELS as readonly string[]).includes(level))
    throw bad('level', `expected one of ${LEVELS.join(', ')}`);
  const line = src.at([]).line;
  return {
    key,
    id,
    name,
    title,
    status,
    level: level as Level | undefined,
    description: typeof m['description'] === 'string' ? m['description'] : undefined,
    tags: strList('tags') ?? [],
    falsepositives: strList('falsepositives') ?? [],
    fields: strList('fields') ?? [],
    dedupe: strList('dedupe'),
    file: src.file,
    line,
  };
}
