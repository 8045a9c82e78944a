// Runs a policy's checks: each rule gives true/false/error/unknown/notchecked, the check's
// condition combines them into an XCCDF 1.2 result (§6.6.4.2): a decisive rule wins (one false
// under "all", one true under "any" or "none"); otherwise error, then unknown, then notchecked.
import { HostRoot } from './host-root.ts';
import { readInventory, type Inventory } from './package-inventory.ts';
import { evaluateFileRule, type Verdict } from './file-rule-evaluator.ts';
import {
  evaluateCommandRule,
  evaluatePackageRule,
  evaluatePortRule,
  evaluateProcessRule,
  evaluateSysctlRule,
  evaluateSystemdRule,
} from './system-rule-evaluator.ts';
import type { CheckResult, Condition, ScaPolicy, ScaRule, XccdfResult } from './sca-policy.ts';

export interface RunOptions {
  root?: string;
  /** The host's local configuration opts in to command rules (never the policy itself). */
  allowCommands?: boolean;
}

interface Env {
  root: HostRoot;
  inventory: () => Promise<Inventory>;
  allowCommands: boolean;
}

async function evaluateRule(env: Env, rule: ScaRule): Promise<Verdict> {
  let v: Verdict;
  try {
    switch (rule.kind) {
      case 'file':
        v = await evaluateFileRule(env.root, rule);
        break;
      case 'package':
        v = evaluatePackageRule(await env.inventory(), rule);
        break;
      case 'sysctl':
        v = await evaluateSysctlRule(env.root, rule);
        break;
      case 'systemd':
        v = await evaluateSystemdRule(env.root, rule);
        break;
      case 'process':
        v = await evaluateProcessRule(env.root, rule);
        break;
      case 'port':
        v = await evaluatePortRule(env.root, rule);
        break;
      case 'command':
        v = await evaluateCommandRule(env.root, rule, env.allowCommands);
        break;
    }
  } catch (err) {
    return { outcome: 'error', reason: (err as Error).message };
  }
  if (!rule.not || (v.outcome !== 'true' && v.outcome !== 'false')) return v;
  return {
    outcome: v.outcome === 'true' ? 'false' : 'true',
    reason: `not: ${v.reason ?? 'matched'}`,
  };
}

export function combine(condition: Condition, outcomes: Verdict['outcome'][]): XccdfResult {
  const has = (o: Verdict['outcome']) => outcomes.includes(o);
  if (condition === 'all' && has('false')) return 'fail';
  if (condition === 'any' && has('true')) return 'pass';
  if (condition === 'none' && has('true')) return 'fail';
  if (has('error')) return 'error';
  if (has('unknown')) return 'unknown';
  if (has('notchecked')) return 'notchecked';
  return condition === 'any' ? 'fail' : 'pass';
}

async function judge(env: Env, condition: Condition, rules: ScaRule[]) {
  const verdicts: Verdict[] = [];
  for (const r of rules) verdicts.push(await evaluateRule(env, r));
  return {
    result: combine(
      condition,
      verdicts.map((v) => v.outcome),
    ),
    verdicts,
  };
}

export async function runPolicy(policy: ScaPolicy, opts: RunOptions = {}): Promise<CheckResult[]> {
  let inv: Promise<Inventory> | undefined;
  const root = new HostRoot(opts.root ?? '/');
  const env: Env = {
    root,
    inventory: () => (inv ??= readInventory(root)),
    allowCommands: opts.allowCommands ?? false,
  };
  let applicable = true;
  if (policy.requirements) {
    const r = await judge(env, policy.requirements.condition, policy.requirements.rules);
    applicable = r.result === 'pass';
  }
  const out: CheckResult[] = [];
  for (const check of policy.checks) {
    const base = { id: check.id, title: check.title, compliance: check.compliance };
    if (!applicable) {
      out.push({ ...base, result: 'notapplicable', reasons: ['policy requirements not met'] });
      continue;
    }
    if (check.requirements) {
      const req = await judge(env, check.requirements.condition, check.requirements.rules);
      if (req.result !== 'pass') {
        // Not met → notapplicable; undecidable (no package database …) stays unknown/error.
        const why = req.verdicts.flatMap((v) => (v.reason ? [v.reason] : []));
        out.push({
          ...base,
          result: req.result === 'fail' ? 'notapplicable' : req.result,
          reasons: why,
        });
        continue;
      }
    }
    const { result, verdicts } = await judge(env, check.condition, check.rules);
    const reasons = verdicts.flatMap((v) => (v.reason ? [v.reason] : []));
    // XCCDF "informational": evaluated, reported, never a pass or fail of the host.
    const final =
      check.informational && (result === 'pass' || result === 'fail') ? 'informational' : result;
    out.push({ ...base, result: final, reasons });
  }
  return out;
}
