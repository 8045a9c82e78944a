// File rules: existence, type, mode, owner, group, POSIX ACL and content. Every named path (and,
// with recursive, every regular file below a named directory) must satisfy every predicate;
// "exists: false" holds when none of them exists. Content lines are matched with a JavaScript
// regular expression in multiline mode; with "compare", the first capture group of some matching
// line must satisfy the comparison (Wazuh SCA's numeric "n:" rules, extended to versions).
import type { HostRoot } from './host-root.ts';
import type { FileRule } from './sca-policy.ts';
import { compareValues, parseComparison, type CompareAs } from './value-compare.ts';

export interface Verdict {
  outcome: 'true' | 'false' | 'error' | 'unknown' | 'notchecked';
  reason?: string;
}

const no = (reason: string): Verdict => ({ outcome: 'false', reason });
const oct = (m: number): string => '0' + (m & 0o7777).toString(8).padStart(3, '0');

export function matchCapture(
  text: string,
  pattern: string,
  compare: string | undefined,
  as: string | undefined,
): Verdict {
  const re = new RegExp(pattern, 'gm');
  const cmp = compare === undefined ? undefined : parseComparison(compare);
  if (compare !== undefined && !cmp)
    return { outcome: 'error', reason: `bad compare "${compare}"` };
  let unreadable = false;
  for (const m of text.matchAll(re)) {
    if (!cmp) return { outcome: 'true' };
    const cap = m[1];
    if (cap === undefined) return { outcome: 'error', reason: `${pattern} has no capture group` };
    const ok = compareValues(cap, cmp, (as ?? 'number') as CompareAs);
    if (ok === true) return { outcome: 'true' };
    if (ok === undefined) unreadable = true;
  }
  if (unreadable) return { outcome: 'error', reason: `captured value is not a ${as ?? 'number'}` };
  return no(cmp ? `no line matching ${pattern} with ${compare}` : `no line matches ${pattern}`);
}

async function namesOf(
  id: number,
  lookup: (id: number) => Promise<string | undefined>,
): Promise<string[]> {
  const name = await lookup(id);
  return name === undefined ? [String(id)] : [String(id), name];
}

async function aclNumeric(root: HostRoot, entry: string): Promise<string> {
  // "user:vault:r--" → "user:<uid>:r--" through the assessed tree's passwd/group files.
  const [tag, qual, perm] = entry.split(':');
  if (!qual || /^\d+$/.test(qual) || perm === undefined) return entry;
  const file = tag === 'user' || tag === 'u' ? '/etc/passwd' : '/etc/group';
  const text = (await root.readText(file)) ?? '';
  const line = text.split('\n').find((l) => l.startsWith(`${qual}:`));
  return line ? `${tag}:${line.split(':')[2]}:${perm}` : entry;
}

async function checkOne(root: HostRoot, rule: FileRule, path: string): Promise<Verdict> {
  const st = await root.lstat(path);
  if (!st) return no(`${path} does not exist`);
  if (rule.type) {
    const t = st.isSymbolicLink() ? 'symlink' : st.isDirectory() ? 'directory' : 'file';
    if (t !== rule.type) return no(`${path} is a ${t}`);
  }
  const mode = st.mode & 0o7777;
  if (rule.mode !== undefined && mode !== rule.mode) return no(`${path} has mode ${oct(mode)}`);
  if (rule.modeMax !== undefined && (mode & ~rule.modeMax) !== 0)
    return no(`${path} has mode ${oct(mode)}, more than ${oct(rule.modeMax)}`);
  if (rule.owner) {
    const names = await namesOf(st.uid, (id) => root.userName(id));
    if (!names.some((n) => rule.owner!.includes(n)))
      return no(`${path} is owned by ${names.at(-1)}`);
  }
  if (rule.group) {
    const names = await namesOf(st.gid, (id) => root.groupName(id));
    if (!names.some((n) => rule.group!.includes(n))) return no(`${path} has group ${names.at(-1)}`);
  }
  if (rule.aclHas || rule.aclLacks || rule.aclExtended !== undefined) {
    let acl: string[];
    try {
      acl = await root.acl(path);
    } catch (err) {
      return { outcome: 'error', reason: `getfacl ${path}: ${(err as Error).message}` };
    }
    const extended = acl.some((e) => /^(user|group):[^:]+:/.test(e) || e.startsWith('mask:'));
    if (rule.aclExtended !== undefined && extended !== rule.aclExtended)
      return no(`${path} ${extended ? 'has' : 'has no'} extended ACL entries`);
    for (const e of rule.aclHas ?? [])
      if (!acl.includes(await aclNumeric(root, e))) return no(`${path} lacks ACL entry ${e}`);
    for (const e of rule.aclLacks ?? [])
      if (acl.includes(await aclNumeric(root, e))) return no(`${path} has ACL entry ${e}`);
  }
  if (rule.matches !== undefined || rule.notMatches !== undefined) {
    if (!st.isFile()) return no(`${path} is not a regular file`);
    const text = (await root.readText(path)) ?? '';
    if (rule.matches !== undefined) {
      const v = matchCapture(text, rule.matches, rule.compare, rule.as);
      if (v.outcome !== 'true') return { ...v, reason: `${path}: ${v.reason ?? ''}` };
    }
    if (rule.notMatches !== undefined && new RegExp(rule.notMatches, 'm').test(text))
      return no(`${path} has a line matching ${rule.notMatches}`);
  }
  return { outcome: 'true' };
}

export async function evaluateFileRule(root: HostRoot, rule: FileRule): Promise<Verdict> {
  if (rule.exists === false) {
    for (const p of rule.paths) if (await root.lstat(p)) return no(`${p} exists`);
    return { outcome: 'true' };
  }
  let firstMiss: Verdict | undefined;
  for (const p of rule.paths) {
    const st = await root.lstat(p);
    const targets = rule.recursive && st?.isDirectory() ? await root.walk(p) : [p];
    if (!st && rule.recursive) continue; // no such store here: nothing in it can be exposed
    for (const t of targets) {
      const v = await checkOne(root, rule, t);
      if (rule.scope === 'any' && v.outcome === 'true') return v;
      if (rule.scope === 'all' && v.outcome !== 'true') return v;
      firstMiss ??= v;
    }
  }
  if (rule.scope === 'any') return firstMiss ?? no(`none of ${rule.paths.join(', ')} exists`);
  return { outcome: 'true' };
}
