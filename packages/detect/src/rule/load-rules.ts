// Loads a rule set from a directory (every *.yml / *.yaml below it, in path order) or from texts.
// The first refused rule stops the load: a partly loaded rule pack would silently leave gaps in
// monitoring (PCI DSS 10.7.2: failures of security controls must be detected, not hidden).
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { DetectError } from '../detect-error.ts';
import { parseRules } from './parse-rule.ts';
import { buildRuleSet } from './rule-set.ts';
import type { RuleSet } from './rule-set.ts';

export interface RuleText {
  name: string;
  text: string;
}

export function loadRules(source: string | readonly RuleText[]): RuleSet {
  const texts = typeof source === 'string' ? readRuleDir(source) : source;
  return buildRuleSet(texts.flatMap((t) => parseRules(t.text, t.name)));
}

export function readRuleDir(dir: string): RuleText[] {
  const files: string[] = [];
  const walk = (d: string) => {
    for (const name of readdirSync(d).sort()) {
      if (name.startsWith('.')) continue;
      const p = join(d, name);
      if (statSync(p).isDirectory()) walk(p);
      else if (/\.ya?ml$/.test(name)) files.push(p);
    }
  };
  try {
    walk(dir);
    return files.map((p) => ({ name: relative(dir, p), text: readFileSync(p, 'utf8') }));
  } catch (e) {
    throw new DetectError(
      'RULES_UNREADABLE',
      `cannot read rules from ${dir}: ${(e as Error).message}`,
      undefined,
      e,
    );
  }
}
