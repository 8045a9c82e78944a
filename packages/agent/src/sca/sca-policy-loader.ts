// Reads a policy YAML document into the typed model, expanding variables ("$name" in a string;
// a list variable standing alone expands to its items). Anything unknown or malformed is a
// POLICY_INVALID naming the check and key: a silently ignored typo would be a check that passes.
import { readFile } from 'node:fs/promises';
import { parse } from 'yaml';
import { ScaError } from './sca-error.ts';
import type { Condition, ScaCheck, ScaPolicy, ScaRule } from './sca-policy.ts';

type Obj = Record<string, unknown>;
type Vars = Map<string, string | string[]>;

const SUBJECTS = ['file', 'package', 'sysctl', 'systemd', 'process', 'port', 'command'] as const;
const RULE_KEYS = new Set([
  ...SUBJECTS,
  ...[
    'not',
    'recursive',
    'scope',
    'exists',
    'type',
    'mode',
    'mode_max',
    'owner',
    'group',
    'acl_has',
  ],
  ...['acl_lacks', 'acl_extended', 'matches', 'not_matches', 'compare', 'as', 'installed'],
  ...['version', 'value', 'enabled', 'active', 'running', 'listening'],
]);

const fail = (where: string, what: string): never => {
  throw new ScaError('POLICY_INVALID', `${where}: ${what}`);
};
function scalar(v: unknown, where: string): string {
  if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') return String(v);
  return fail(where, 'expected a scalar value');
}
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

function expand(v: unknown, vars: Vars, where: string): string[] {
  const items = Array.isArray(v) ? v : [v];
  const out: string[] = [];
  for (const item of items) {
    if (typeof item !== 'string' && typeof item !== 'number') fail(where, 'expected a string');
    const s = String(item);
    const whole = /^\$([A-Za-z_][A-Za-z0-9_]*)$/.exec(s);
    if (whole) {
      const val = vars.get(whole[1]!) ?? fail(where, `unknown variable $${whole[1]}`);
      out.push(...(Array.isArray(val) ? val : [val]));
      continue;
    }
    out.push(
      s.replace(/\$\{?([A-Za-z_][A-Za-z0-9_]*)\}?/g, (m, name: string) => {
        const val = vars.get(name);
        if (val === undefined) return m;
        if (Array.isArray(val)) return fail(where, `list variable $${name} inside a string`);
        return val;
      }),
    );
  }
  return out;
}

function one(v: unknown, vars: Vars, where: string): string {
  const all = expand(v, vars, where);
  if (all.length !== 1) fail(where, 'expected one value');
  return all[0]!;
}

function bool(v: unknown, where: string): boolean | undefined {
  if (v === undefined) return undefined;
  if (typeof v !== 'boolean') fail(where, 'expected true or false');
  return v as boolean;
}

function octal(v: unknown, where: string): number | undefined {
  if (v === undefined) return undefined;
  const s = scalar(v, where);
  if (!/^0?[0-7]{3,4}$/.test(s)) fail(where, `mode ${s} is not octal like "0600"`);
  return parseInt(s, 8);
}

function opt<K extends string, V>(key: K, v: V | undefined): { [P in K]?: V } {
  return (v === undefined ? {} : { [key]: v }) as { [P in K]?: V };
}

export function parseRule(raw: unknown, vars: Vars, where: string): ScaRule {
  if (!isObj(raw)) return fail(where, 'a rule is a mapping');
  for (const k of Object.keys(raw)) if (!RULE_KEYS.has(k)) fail(where, `unknown key "${k}"`);
  const subjects = SUBJECTS.filter((s) => raw[s] !== undefined);
  if (subjects.length !== 1) fail(where, `a rule names exactly one of ${SUBJECTS.join(', ')}`);
  const not = bool(raw['not'], `${where}.not`) ?? false;
  const str = (k: string): string | undefined =>
    raw[k] === undefined ? undefined : one(raw[k], vars, `${where}.${k}`);
  const list = (k: string): string[] | undefined =>
    raw[k] === undefined ? undefined : expand(raw[k], vars, `${where}.${k}`);
  for (const re of ['matches', 'not_matches'] as const) {
    const r = str(re);
    if (r !== undefined) {
      try {
        new RegExp(r, 'm');
      } catch (err) {
        fail(`${where}.${re}`, (err as Error).message);
      }
    }
  }
  switch (subjects[0]!) {
    case 'file': {
      const type = str('type');
      if (type !== undefined && !['file', 'directory', 'symlink'].includes(type))
        fail(`${where}.type`, 'file, directory or symlink');
      return {
        kind: 'file',
        not,
        paths: expand(raw['file'], vars, `${where}.file`),
        recursive: bool(raw['recursive'], `${where}.recursive`) ?? false,
        scope:
          raw['scope'] === 'any'
            ? 'any'
            : raw['scope'] === undefined || raw['scope'] === 'all'
              ? 'all'
              : fail(`${where}.scope`, 'all or any'),
        ...opt('exists', bool(raw['exists'], `${where}.exists`)),
        ...opt('type', type as 'file' | 'directory' | 'symlink' | undefined),
        ...opt('mode', octal(raw['mode'], `${where}.mode`)),
        ...opt('modeMax', octal(raw['mode_max'], `${where}.mode_max`)),
        ...opt('owner', list('owner')),
        ...opt('group', list('group')),
        ...opt('aclHas', list('acl_has')),
        ...opt('aclLacks', list('acl_lacks')),
        ...opt('aclExtended', bool(raw['acl_extended'], `${where}.acl_extended`)),
        ...opt('matches', str('matches')),
        ...opt('notMatches', str('not_matches')),
        ...opt('compare', str('compare')),
        ...opt('as', str('as')),
      };
    }
    case 'package':
      return {
        kind: 'package',
        not,
        name: one(raw['package'], vars, `${where}.package`),
        installed: bool(raw['installed'], `${where}.installed`) ?? true,
        ...opt('version', str('version')),
      };
    case 'sysctl':
      return {
        kind: 'sysctl',
        not,
        key: one(raw['sysctl'], vars, `${where}.sysctl`),
        ...opt('value', str('value')),
        ...opt('compare', str('compare')),
      };
    case 'systemd':
      return {
        kind: 'systemd',
        not,
        unit: one(raw['systemd'], vars, `${where}.systemd`),
        ...opt('enabled', bool(raw['enabled'], `${where}.enabled`)),
        ...opt('active', bool(raw['active'], `${where}.active`)),
      };
    case 'process':
      return {
        kind: 'process',
        not,
        name: one(raw['process'], vars, `${where}.process`),
        running: bool(raw['running'], `${where}.running`) ?? true,
      };
    case 'port': {
      const port = Number(one(raw['port'], vars, `${where}.port`));
      if (!Number.isInteger(port) || port < 1 || port > 65535) fail(`${where}.port`, '1–65535');
      return {
        kind: 'port',
        not,
        port,
        listening: bool(raw['listening'], `${where}.listening`) ?? true,
      };
    }
    case 'command':
      return {
        kind: 'command',
        not,
        command: one(raw['command'], vars, `${where}.command`),
        ...opt('matches', str('matches')),
        ...opt('compare', str('compare')),
        ...opt('as', str('as')),
      };
  }
}

function condition(v: unknown, where: string): Condition {
  if (v === 'all' || v === 'any' || v === 'none') return v;
  return fail(where, 'condition is all, any or none');
}

function rules(raw: unknown, vars: Vars, where: string): ScaRule[] {
  if (!Array.isArray(raw) || raw.length === 0) fail(where, 'rules: a non-empty list');
  return (raw as unknown[]).map((r, k) => parseRule(r, vars, `${where}.rules[${k}]`));
}

function compliance(v: unknown, where: string): Record<string, string[]> {
  if (v === undefined) return {};
  // Wazuh writes a list of one-key mappings; a plain mapping is accepted too.
  const entries = Array.isArray(v) ? v.flatMap((e) => (isObj(e) ? Object.entries(e) : [])) : [];
  const all = isObj(v) ? Object.entries(v) : entries;
  const out: Record<string, string[]> = {};
  for (const [k, val] of all) {
    const items = Array.isArray(val) ? val : [val];
    out[k] = items.map((i) =>
      typeof i === 'object' ? fail(where, 'references are strings') : String(i),
    );
  }
  return out;
}

export function parsePolicy(
  text: string,
  overrides: Record<string, string | string[]> = {},
): ScaPolicy {
  let doc: unknown;
  try {
    doc = parse(text);
  } catch (err) {
    return fail('policy', `not YAML: ${(err as Error).message}`);
  }
  if (!isObj(doc) || !isObj(doc['policy'])) return fail('policy', 'missing the policy section');
  const meta = doc['policy'];
  const vars: Vars = new Map();
  const rawVars = doc['variables'] ?? {};
  if (!isObj(rawVars)) fail('variables', 'a mapping');
  for (const [k, v] of Object.entries(rawVars as Obj)) {
    const key = k.replace(/^\$/, '');
    vars.set(key, Array.isArray(v) ? v.map(String) : String(v));
  }
  for (const [k, v] of Object.entries(overrides)) vars.set(k.replace(/^\$/, ''), v);
  if (!Array.isArray(doc['checks'])) fail('checks', 'a list');
  const seen = new Set<string>();
  const checks = (doc['checks'] as unknown[]).map((raw, k): ScaCheck => {
    const where = `checks[${k}]`;
    if (!isObj(raw)) return fail(where, 'a check is a mapping');
    const id = raw['id'] === undefined ? fail(where, 'missing id') : scalar(raw['id'], where);
    if (seen.has(id)) fail(where, `duplicate id ${id}`);
    seen.add(id);
    const title =
      typeof raw['title'] === 'string' ? raw['title'] : fail(`check ${id}`, 'missing title');
    const text = (key: string) => (typeof raw[key] === 'string' ? { [key]: raw[key] } : {});
    return {
      id,
      title,
      ...text('description'),
      ...text('rationale'),
      ...text('remediation'),
      compliance: compliance(raw['compliance'], `check ${id}`),
      condition: condition(raw['condition'], `check ${id}`),
      informational: bool(raw['informational'], `check ${id}.informational`) ?? false,
      ...(isObj(raw['requirements']) && {
        requirements: {
          condition: condition(raw['requirements']['condition'], `check ${id}.requirements`),
          rules: rules(raw['requirements']['rules'], vars, `check ${id}.requirements`),
        },
      }),
      rules: rules(raw['rules'], vars, `check ${id}`),
    };
  });
  const req = doc['requirements'];
  return {
    id: scalar(meta['id'] ?? fail('policy', 'missing policy.id'), 'policy.id'),
    name: scalar(meta['name'] ?? meta['id'], 'policy.name'),
    ...(typeof meta['description'] === 'string' && { description: meta['description'] }),
    ...(isObj(req) && {
      requirements: {
        condition: condition(req['condition'], 'requirements'),
        rules: rules(req['rules'], vars, 'requirements'),
      },
    }),
    checks,
  };
}

export async function loadPolicyFile(
  path: string,
  overrides: Record<string, string | string[]> = {},
): Promise<ScaPolicy> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (err) {
    throw new ScaError('POLICY_INVALID', `cannot read ${path}: ${(err as Error).message}`);
  }
  return parsePolicy(text, overrides);
}
