// Rule text → parsed, compiled rules. Every refusal is a DetectError naming the file, the line of
// the node at fault and the reason (issue 4). Detection rules are compiled here, once, into
// matcher closures; correlation references are resolved when a rule set is assembled.
import { DetectError } from '../detect-error.ts';
import { parseYamlDocs } from './rule-yaml.ts';
import type { RuleDoc } from './rule-yaml.ts';
import type { Rule, SigmaRule } from './rule-types.ts';
import { parseMeta } from './rule-meta.ts';
import { routeLogsource, SUPPORTED_LOGSOURCES } from '../fields/logsource-route.ts';
import type { Logsource } from '../fields/logsource-route.ts';
import { accessorFactory } from '../fields/field-access.ts';
import { compileSearch } from '../match/search-compile.ts';
import type { Search } from '../match/search-compile.ts';
import { ConditionSyntaxError, parseCondition } from '../match/condition-parse.ts';
import { compileCondition } from '../match/condition-compile.ts';
import type { CompiledCondition } from '../match/condition-compile.ts';
import { parseCorrelationSpec } from '../correlate/correlation-spec.ts';
import { parseDetectorSpec } from '../detectors/detector-spec.ts';

const isMap = (v: unknown): v is Record<string, unknown> =>
  v !== null && typeof v === 'object' && !Array.isArray(v);

/** Every rule of a file (YAML documents separated by `---`). */
export function parseRules(text: string, file: string): Rule[] {
  return parseYamlDocs(text, file).map(parseDoc);
}

/** Exactly one rule. */
export function parseRule(text: string, file: string): Rule {
  const rules = parseRules(text, file);
  if (rules.length !== 1)
    throw new DetectError('RULE_INVALID', `expected one rule, found ${rules.length}`, { file });
  return rules[0]!;
}

function parseDoc(src: RuleDoc): Rule {
  const m = src.value;
  if (!isMap(m)) throw new DetectError('RULE_INVALID', 'a rule must be a YAML map', src.at([]));
  if ('filter' in m && !('detection' in m))
    throw new DetectError(
      'RULE_INVALID',
      'Sigma filter rules are not supported; use "and not" in the rule',
      src.at(['filter'], true),
    );
  const meta = parseMeta(m, src);
  if ('correlation' in m) {
    for (const k of ['detection', 'logsource', 'detector'])
      if (k in m)
        throw new DetectError(
          'CORRELATION_INVALID',
          `a correlation rule has no ${k}`,
          src.at([k], true),
        );
    return { ...meta, kind: 'correlation', correlation: parseCorrelationSpec(m, src) };
  }
  const ls = m['logsource'];
  if (!isMap(ls))
    throw new DetectError('RULE_INVALID', 'logsource is required (a map)', src.at(['logsource']));
  const logsource: Logsource = {};
  for (const k of ['product', 'service', 'category'] as const) {
    const v = ls[k];
    if (v === undefined) continue;
    if (typeof v !== 'string')
      throw new DetectError(
        'RULE_INVALID',
        `logsource.${k} must be a string`,
        src.at(['logsource', k]),
      );
    logsource[k] = v;
  }
  const route = routeLogsource(logsource);
  if (!route)
    throw new DetectError(
      'LOGSOURCE_UNSUPPORTED',
      `logsource ${JSON.stringify(logsource)} is not supported; supported: ${SUPPORTED_LOGSOURCES.join(', ')}`,
      src.at(['logsource']),
    );
  const accessor = accessorFactory(route);
  const cond = compileDetection(m['detection'], src, {
    native: route.format === 'native',
    accessor,
  });
  const rule: SigmaRule = {
    ...meta,
    kind: 'sigma',
    logsource,
    route,
    match: cond.test,
    typeHint: cond.typeHint,
    accessor,
    detector: 'detector' in m ? parseDetectorSpec(m['detector'], src) : undefined,
  };
  return rule;
}

function compileDetection(
  det: unknown,
  src: RuleDoc,
  scope: Parameters<typeof compileSearch>[3],
): CompiledCondition {
  if (!isMap(det))
    throw new DetectError(
      'DETECTION_INVALID',
      'detection is required (a map)',
      src.at(['detection']),
    );
  const searches = new Map<string, Search>();
  for (const [name, value] of Object.entries(det)) {
    if (name === 'condition') continue;
    if (name === 'timeframe')
      throw new DetectError(
        'DETECTION_INVALID',
        'timeframe is not Sigma v2; use a correlation rule',
        src.at(['detection', name], true),
      );
    searches.set(name, compileSearch(value, ['detection', name], src, scope));
  }
  const raw = det['condition'];
  const conds = typeof raw === 'string' ? [raw] : raw;
  if (!Array.isArray(conds) || conds.length === 0 || !conds.every((c) => typeof c === 'string'))
    throw new DetectError(
      'CONDITION_INVALID',
      'condition is required (a string or a list of strings)',
      src.at(['detection', 'condition']),
    );
  const compiled = conds.map((text, i) => {
    const path =
      typeof raw === 'string' ? ['detection', 'condition'] : ['detection', 'condition', i];
    const at = src.at(path);
    try {
      return compileCondition(
        parseCondition(text),
        searches,
        (why) => new DetectError('CONDITION_INVALID', why, at),
      );
    } catch (e) {
      if (e instanceof ConditionSyntaxError)
        throw new DetectError(
          'CONDITION_INVALID',
          `${e.message} (at character ${e.offset + 1} of "${text}")`,
          at,
        );
      throw e;
    }
  });
  if (compiled.length === 1) return compiled[0]!;
  const hints = compiled.map((c) => c.typeHint);
  return {
    test: (d) => compiled.some((c) => c.test(d)),
    typeHint: hints.every((h) => h)
      ? { exact: hints.flatMap((h) => h!.exact), prefixes: hints.flatMap((h) => h!.prefixes) }
      : undefined,
  };
}
