// Agentless assessment: the monitoring host runs one POSIX sh script on the assessed host over
// the system `ssh` client (BatchMode, key authentication). The script prints, for each path a
// policy needs, its type, mode, uid, gid and (for regular files) base64 content, and for the
// paths of ACL rules the remote `getfacl --numeric` output; we rebuild those files under a
// temporary root, keep the ACLs beside it (remote-acls.ts: the local copy carries none, so a
// local getfacl would wrongly say "no extended ACL"), and evaluate the policy there with --root
// semantics. So the same checks run, nothing is installed remotely, and nothing remote is written.
// Not carried over: rpm databases, unit activity and command rules (notchecked/unknown, as
// under --root).
import { spawn } from 'node:child_process';
import { chmod, chown, mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, normalize } from 'node:path';
import { forgetRemoteAcls, rememberRemoteAcls, type RemoteAcls } from './remote-acls.ts';
import { ScaError } from './sca-error.ts';
import type { ScaPolicy, ScaRule } from './sca-policy.ts';

export interface SshTarget {
  /** user@host or host */
  destination: string;
  port?: number;
  identity?: string;
  /** Extra -o options, e.g. "UserKnownHostsFile=/path". */
  options?: string[];
}

export interface CollectPlan {
  recursive: Set<string>;
  single: Set<string>;
  /** Paths (and, when recursive, everything below them) whose POSIX ACLs a rule reads. */
  acl: Set<string>;
  processes: boolean;
}

export function planFor(policy: ScaPolicy): CollectPlan {
  const plan: CollectPlan = {
    recursive: new Set(),
    single: new Set(['/etc/passwd', '/etc/group']),
    acl: new Set(),
    processes: false,
  };
  const rules: ScaRule[] = [
    ...(policy.requirements?.rules ?? []),
    ...policy.checks.flatMap((c) => [...(c.requirements?.rules ?? []), ...c.rules]),
  ];
  for (const r of rules) {
    if (r.kind === 'file')
      for (const p of r.paths) {
        (r.recursive ? plan.recursive : plan.single).add(p);
        if (r.aclHas || r.aclLacks || r.aclExtended !== undefined) plan.acl.add(p);
      }
    if (r.kind === 'package') plan.single.add('/var/lib/dpkg/status');
    if (r.kind === 'sysctl') plan.single.add(`/proc/sys/${r.key.replace(/\./g, '/')}`);
    if (r.kind === 'systemd') plan.recursive.add('/etc/systemd/system');
    if (r.kind === 'process') plan.processes = true;
    if (r.kind === 'port') ['/proc/net/tcp', '/proc/net/tcp6'].forEach((p) => plan.single.add(p));
  }
  return plan;
}

const q = (s: string): string => `'${s.replace(/'/g, `'\\''`)}'`;

/** The remote script; `prefix` reads a tree mounted elsewhere on the remote host ("" = /). */
export function remoteScript(plan: CollectPlan, prefix = ''): string {
  const lines = [
    'set -u',
    `P=${q(prefix)}`,
    'b() { printf %s "$1" | base64 -w0; }',
    // $3 = a: also the ACL — "A path acl" when getfacl answered, "E path message" when not.
    'acl() {',
    '  if out=$(getfacl --absolute-names --omit-header --numeric -- "$2" 2>&1); then printf "A %s %s\\n" "$(b "$1")" "$(b "$out")"',
    '  else printf "E %s %s\\n" "$(b "$1")" "$(b "$out")"; fi',
    '}',
    'emit() {',
    '  local f c; f="$P$1"',
    '  if [ "$3" = a ] && { [ -e "$f" ] && [ ! -L "$f" ]; }; then acl "$1" "$f"; fi',
    '  if [ -L "$f" ]; then printf "L %s %s %s\\n" "$(stat -c "%a %u %g" "$f")" "$(b "$1")" "$(b "$(readlink "$f")")"',
    '  elif [ -d "$f" ]; then printf "D %s %s\\n" "$(stat -c "%a %u %g" "$f")" "$(b "$1")"',
    '    if [ "$2" = r ]; then for c in "$f"/* "$f"/.[!.]*; do [ -e "$c" ] || [ -L "$c" ] || continue; emit "$1/${c##*/}" r "$3"; done; fi',
    '  elif [ -f "$f" ] && [ -r "$f" ]; then printf "F %s %s\\n" "$(stat -c "%a %u %g" "$f")" "$(b "$1")"; base64 -w0 < "$f"; echo',
    '  fi',
    '}',
    ...[...plan.single].map((p) => `emit ${q(p)} s ${plan.acl.has(p) ? 'a' : '-'}`),
    ...[...plan.recursive].map((p) => `emit ${q(p)} r ${plan.acl.has(p) ? 'a' : '-'}`),
  ];
  if (plan.processes) {
    lines.push(
      'for d in "$P"/proc/[0-9]*; do n=${d##*/}; emit "/proc/$n/comm" s -; emit "/proc/$n/cmdline" s -; done 2>/dev/null',
    );
  }
  lines.push('echo KW-END');
  return lines.join('\n') + '\n';
}

export function sshCommand(t: SshTarget): string[] {
  return [
    'ssh',
    '-o',
    'BatchMode=yes',
    '-o',
    'ConnectTimeout=10',
    ...(t.port !== undefined ? ['-p', String(t.port)] : []),
    ...(t.identity !== undefined ? ['-i', t.identity] : []),
    ...(t.options ?? []).flatMap((o) => ['-o', o]),
    '--',
    t.destination,
    'sh -s',
  ];
}

/** Runs argv with the script on stdin; resolves with stdout. */
export function runCollector(argv: string[], script: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(argv[0]!, argv.slice(1), { stdio: ['pipe', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    let err = '';
    child.stdout.on('data', (d: Buffer) => out.push(d));
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.on('error', (e) => reject(new ScaError('REMOTE_FAILED', `${argv[0]}: ${e.message}`)));
    child.on('close', (code) => {
      const text = Buffer.concat(out).toString('utf8');
      if (!text.trimEnd().endsWith('KW-END'))
        reject(
          new ScaError('REMOTE_FAILED', `collector exited ${code}: ${err.trim().slice(0, 500)}`),
        );
      else resolve(text);
    });
    // ssh may exit (unreachable host) before it reads the script: the exit code says why, so a
    // broken pipe here is not an error of its own.
    child.stdin.on('error', () => undefined);
    child.stdin.end(script);
  });
}

const unb64 = (s: string): string => Buffer.from(s, 'base64').toString('utf8');

const aclEntries = (text: string): string[] =>
  text
    .split('\n')
    .map((l) => l.replace(/\s*#.*$/, '').trim())
    .filter((l) => l !== '');

/** Rebuilds the collected files under a new temporary directory; returns it and the ACLs. */
export async function materialize(output: string): Promise<{ dir: string; acls: RemoteAcls }> {
  const dir = await mkdtemp(join(tmpdir(), 'kw-sca-remote-'));
  const acls: RemoteAcls = new Map();
  const lines = output.split('\n');
  const owner = process.getuid?.() === 0; // only root can give files their remote owners
  for (let k = 0; k < lines.length; k++) {
    const f = lines[k]!.split(' ');
    if (f.length === 3 && (f[0] === 'A' || f[0] === 'E')) {
      const path = normalize(`/${unb64(f[1]!)}`);
      const text = unb64(f[2]!);
      acls.set(path, f[0] === 'A' ? aclEntries(text) : new Error(text.trim() || 'getfacl failed'));
      continue;
    }
    if (f.length < 5 || !['F', 'D', 'L'].includes(f[0]!)) continue;
    const [kind, mode, uid, gid, path] = f as [string, string, string, string, string];
    const local = join(dir, normalize(`/${unb64(path)}`));
    if (!local.startsWith(dir + '/')) continue;
    await mkdir(dirname(local), { recursive: true });
    if (kind === 'L') {
      await symlink(unb64(f[5] ?? ''), local).catch(() => undefined);
      continue;
    }
    if (kind === 'D') await mkdir(local, { recursive: true });
    else await writeFile(local, Buffer.from(lines[++k] ?? '', 'base64'));
    await chmod(local, parseInt(mode, 8));
    if (owner) await chown(local, Number(uid), Number(gid));
  }
  return { dir, acls };
}

export async function withRemoteRoot<T>(
  argv: string[],
  plan: CollectPlan,
  fn: (root: string) => Promise<T>,
  prefix = '',
): Promise<T> {
  const { dir, acls } = await materialize(await runCollector(argv, remoteScript(plan, prefix)));
  rememberRemoteAcls(dir, acls);
  try {
    return await fn(dir);
  } finally {
    forgetRemoteAcls(dir);
    await rm(dir, { recursive: true, force: true });
  }
}
