// A consistent set of rules: unique ids and names, every correlation reference resolved (by id
// or name, Sigma correlation specification "Related rules"), no reference cycles, and no
// correlation over a detector rule (a detector reports by itself).
import { DetectError } from '../detect-error.ts';
import type { CorrelationRule, Rule } from './rule-types.ts';

export interface RuleSet {
  readonly rules: readonly Rule[];
  /** Rule by id and by name. */
  readonly byRef: ReadonlyMap<string, Rule>;
  /** For each correlation (by key), its referenced rules in order. */
  readonly refs: ReadonlyMap<string, readonly Rule[]>;
}

export function buildRuleSet(rules: readonly Rule[]): RuleSet {
  const byRef = new Map<string, Rule>();
  const at = (r: Rule) => ({ file: r.file, line: r.line });
  for (const r of rules) {
    for (const ref of [r.id, r.name]) {
      if (ref === undefined) continue;
      const prev = byRef.get(ref);
      if (prev && prev !== r)
        throw new DetectError(
          'RULE_DUPLICATE',
          `"${ref}" is already used by ${prev.file}:${prev.line ?? '?'}`,
          at(r),
        );
      byRef.set(ref, r);
    }
  }
  const refs = new Map<string, Rule[]>();
  for (const r of rules) {
    if (r.kind !== 'correlation') continue;
    const list = r.correlation.rules.map((ref) => {
      const target = byRef.get(ref);
      if (!target)
        throw new DetectError(
          'RULE_REFERENCE_UNKNOWN',
          `correlation refers to unknown rule "${ref}"`,
          at(r),
        );
      if (target.kind === 'sigma' && target.detector)
        throw new DetectError(
          'CORRELATION_INVALID',
          `"${ref}" is a detector rule and cannot be correlated`,
          at(r),
        );
      return target;
    });
    for (const [alias, per] of Object.entries(r.correlation.aliases))
      for (const name of Object.keys(per))
        if (!list.some((t) => t.name === name || t.id === name))
          throw new DetectError(
            'CORRELATION_INVALID',
            `alias ${alias} names "${name}", which the correlation does not use`,
            at(r),
          );
    refs.set(r.key, list);
  }
  checkCycles(rules, refs);
  return { rules, byRef, refs };
}

function checkCycles(rules: readonly Rule[], refs: ReadonlyMap<string, readonly Rule[]>): void {
  const state = new Map<string, 1 | 2>();
  const visit = (r: CorrelationRule, path: string[]) => {
    const s = state.get(r.key);
    if (s === 2) return;
    if (s === 1)
      throw new DetectError(
        'CORRELATION_INVALID',
        `correlation cycle: ${[...path, r.key].join(' -> ')}`,
        { file: r.file, line: r.line },
      );
    state.set(r.key, 1);
    for (const t of refs.get(r.key) ?? []) if (t.kind === 'correlation') visit(t, [...path, r.key]);
    state.set(r.key, 2);
  };
  for (const r of rules) if (r.kind === 'correlation') visit(r, []);
}
