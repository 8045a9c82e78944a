// Extended attributes and POSIX ACLs for many paths at once. One `getfattr -d -m -` per chunk of
// paths lists every xattr (security.selinux, security.capability, user.*, trusted.* as root);
// only paths that carry system.posix_acl_* go on to `getfacl`, so a tree without ACLs never
// starts getfacl at all.
import { chunkPaths, runTool, unescapeToolPath } from './attribute-tools.ts';

const ACL_XATTRS = new Set(['system.posix_acl_access', 'system.posix_acl_default']);

export interface ExtendedAttributes {
  xattrs?: Record<string, string>;
  acl?: string;
}

function parseGetfattr(out: string, into: Map<string, Record<string, string>>): void {
  let current: Record<string, string> | undefined;
  for (const line of out.split('\n')) {
    if (line.startsWith('# file: ')) {
      current = {};
      into.set(unescapeToolPath(line.slice(8)), current);
    } else if (current && line.length > 0) {
      const eq = line.indexOf('=');
      const name = eq < 0 ? line : line.slice(0, eq);
      current[unescapeToolPath(name)] = eq < 0 ? '' : line.slice(eq + 1).replace(/^0x/, '');
    }
  }
}

function parseGetfacl(out: string, into: Map<string, string>): void {
  for (const block of out.split('\n\n')) {
    const lines = block.split('\n').filter((l) => l.length > 0);
    const head = lines.find((l) => l.startsWith('# file: '));
    if (head === undefined) continue;
    const entries = lines.filter((l) => !l.startsWith('#'));
    into.set(unescapeToolPath(head.slice(8)), entries.join('\n'));
  }
}

/** Reads xattrs and ACLs of `paths` (not following symlinks); paths with neither are absent. */
export async function readExtendedAttributes(
  paths: readonly string[],
): Promise<Map<string, ExtendedAttributes>> {
  const raw = new Map<string, Record<string, string>>();
  // Two processes at a time: one keeps a core busy while the other's output is parsed.
  const chunks = chunkPaths(paths);
  for (let i = 0; i < chunks.length; i += 2) {
    const batch = chunks
      .slice(i, i + 2)
      .map((c) =>
        runTool('getfattr', ['-d', '-m', '-', '-e', 'hex', '--absolute-names', '-h', '--', ...c]),
      );
    for (const r of await Promise.all(batch)) parseGetfattr(r.stdout, raw);
  }
  const result = new Map<string, ExtendedAttributes>();
  const withAcl: string[] = [];
  for (const [path, attrs] of raw) {
    const x: Record<string, string> = {};
    let hasAcl = false;
    for (const [name, value] of Object.entries(attrs)) {
      if (ACL_XATTRS.has(name)) hasAcl = true;
      else x[name] = value;
    }
    const ea: ExtendedAttributes = {};
    if (Object.keys(x).length > 0) ea.xattrs = x;
    result.set(path, ea);
    if (hasAcl) withAcl.push(path);
  }
  const acls = new Map<string, string>();
  for (const chunk of chunkPaths(withAcl)) {
    // getfacl has no --no-dereference; it reports a symlink's target, but symlinks carry no ACL
    // xattr of their own, so they never reach this list.
    const r = await runTool('getfacl', ['-p', '-n', '-E', '--', ...chunk]);
    parseGetfacl(r.stdout, acls);
  }
  for (const [path, acl] of acls) {
    const ea = result.get(path);
    if (ea) ea.acl = acl;
  }
  return result;
}
