// Package, sysctl, systemd, process, port and command rules. A data source that is absent
// (no dpkg/rpm database, no /proc under the root) gives "unknown", never a guessed pass or fail.
import { execFile } from 'node:child_process';
import type { HostRoot } from './host-root.ts';
import type { Inventory } from './package-inventory.ts';
import type {
  CommandRule,
  PackageRule,
  PortRule,
  ProcessRule,
  SysctlRule,
  SystemdRule,
} from './sca-policy.ts';
import { compareValues, parseComparison } from './value-compare.ts';
import { matchCapture, type Verdict } from './file-rule-evaluator.ts';

const yes: Verdict = { outcome: 'true' };
const no = (reason: string): Verdict => ({ outcome: 'false', reason });

export function evaluatePackageRule(inv: Inventory, rule: PackageRule): Verdict {
  if (inv.sources.length === 0) return { outcome: 'unknown', reason: 'no package database' };
  const found = inv.packages.filter((p) => p.name === rule.name);
  if (!rule.installed) return found.length ? no(`${rule.name} is installed`) : yes;
  if (found.length === 0) return no(`${rule.name} is not installed`);
  if (rule.version === undefined) return yes;
  const cmp = parseComparison(rule.version);
  if (!cmp) return { outcome: 'error', reason: `bad version comparison "${rule.version}"` };
  for (const p of found) {
    const ok = compareValues(p.version, cmp, p.format === 'deb' ? 'version' : 'rpm-version');
    if (!ok) return no(`${rule.name} ${p.version} is not ${rule.version}`);
  }
  return yes;
}

export async function evaluateSysctlRule(root: HostRoot, rule: SysctlRule): Promise<Verdict> {
  // sysctl(8): the key's dots are /proc/sys path separators.
  const text = await root.readText(`/proc/sys/${rule.key.replace(/\./g, '/')}`);
  if (text === undefined)
    return { outcome: 'unknown', reason: `no /proc/sys entry for ${rule.key}` };
  const value = text.trim().replace(/\s+/g, ' ');
  if (rule.value !== undefined && value !== rule.value) return no(`${rule.key} = ${value}`);
  if (rule.compare !== undefined) {
    const cmp = parseComparison(rule.compare);
    const ok = cmp && compareValues(value, cmp, 'number');
    if (ok === undefined || !cmp) return { outcome: 'error', reason: `${rule.key} = ${value}` };
    if (!ok) return no(`${rule.key} = ${value}, not ${rule.compare}`);
  }
  return yes;
}

function run(cmd: string, args: string[]): Promise<{ code: number; out: string }> {
  return new Promise((resolve) =>
    execFile(cmd, args, { timeout: 10_000 }, (err, stdout) =>
      resolve({ code: err ? Number((err as { code?: number }).code ?? 1) || 1 : 0, out: stdout }),
    ),
  );
}

async function enabledUnderRoot(root: HostRoot, unit: string): Promise<boolean> {
  // systemctl is-enabled, offline: a .wants/ symlink under /etc/systemd/system, unless masked.
  const masked = await root.lstat(`/etc/systemd/system/${unit}`);
  if (masked?.isSymbolicLink()) {
    const { readlink } = await import('node:fs/promises');
    if ((await readlink(root.resolve(`/etc/systemd/system/${unit}`))) === '/dev/null') return false;
  }
  for (const dir of (await root.list('/etc/systemd/system')) ?? []) {
    if (!dir.endsWith('.wants')) continue;
    if (await root.lstat(`/etc/systemd/system/${dir}/${unit}`)) return true;
  }
  return false;
}

export async function evaluateSystemdRule(root: HostRoot, rule: SystemdRule): Promise<Verdict> {
  if (rule.enabled !== undefined) {
    let enabled: boolean;
    if (root.live) {
      const r = await run('systemctl', ['is-enabled', rule.unit]);
      enabled = r.out.trim() === 'enabled' || r.out.trim() === 'enabled-runtime';
    } else enabled = await enabledUnderRoot(root, rule.unit);
    if (enabled !== rule.enabled) return no(`${rule.unit} is ${enabled ? '' : 'not '}enabled`);
  }
  if (rule.active !== undefined) {
    if (!root.live)
      return { outcome: 'unknown', reason: 'unit activity is not visible under --root' };
    const r = await run('systemctl', ['is-active', rule.unit]);
    const state = r.out.trim();
    if (!['active', 'inactive', 'failed', 'activating', 'deactivating'].includes(state))
      return { outcome: 'unknown', reason: `systemctl is-active: ${state || 'no answer'}` };
    if ((state === 'active') !== rule.active) return no(`${rule.unit} is ${state}`);
  }
  return yes;
}

export async function runningProcesses(root: HostRoot): Promise<Set<string> | undefined> {
  const entries = await root.list('/proc');
  if (!entries) return undefined;
  const names = new Set<string>();
  for (const pid of entries.filter((e) => /^\d+$/.test(e))) {
    const comm = (await root.readText(`/proc/${pid}/comm`).catch(() => undefined))?.trim();
    if (comm) names.add(comm);
    const argv0 = (await root.readText(`/proc/${pid}/cmdline`).catch(() => undefined))?.split(
      '\0',
    )[0];
    if (argv0) names.add(argv0.split('/').at(-1)!);
  }
  return names;
}

export async function evaluateProcessRule(root: HostRoot, rule: ProcessRule): Promise<Verdict> {
  const names = await runningProcesses(root);
  if (!names) return { outcome: 'unknown', reason: 'no /proc under the root' };
  const running = names.has(rule.name);
  return running === rule.running ? yes : no(`${rule.name} is ${running ? '' : 'not '}running`);
}

/** Listening TCP ports from /proc/net/tcp and tcp6 (proc(5): st 0A is LISTEN). */
export async function listeningPorts(root: HostRoot): Promise<Set<number> | undefined> {
  const files = [await root.readText('/proc/net/tcp'), await root.readText('/proc/net/tcp6')];
  if (files.every((f) => f === undefined)) return undefined;
  const ports = new Set<number>();
  for (const line of files.flatMap((f) => (f ?? '').split('\n').slice(1))) {
    const cols = line.trim().split(/\s+/);
    if (cols[3] === '0A') ports.add(parseInt(cols[1]?.split(':')[1] ?? '', 16));
  }
  return ports;
}

export async function evaluatePortRule(root: HostRoot, rule: PortRule): Promise<Verdict> {
  const ports = await listeningPorts(root);
  if (!ports) return { outcome: 'unknown', reason: 'no /proc/net/tcp under the root' };
  const l = ports.has(rule.port);
  return l === rule.listening ? yes : no(`port ${rule.port} is ${l ? '' : 'not '}listening`);
}

export async function evaluateCommandRule(
  root: HostRoot,
  rule: CommandRule,
  allowCommands: boolean,
): Promise<Verdict> {
  // Wazuh's sca.remote_commands lesson: a policy from elsewhere never runs commands unless the
  // host's own configuration says so, and never against a tree that is not the live host.
  if (!allowCommands)
    return { outcome: 'notchecked', reason: 'commands are not enabled on this host' };
  if (!root.live) return { outcome: 'notchecked', reason: 'commands do not run under --root' };
  const r = await run('/bin/sh', ['-c', rule.command]);
  if (rule.matches === undefined) return r.code === 0 ? yes : no(`exit status ${r.code}`);
  return matchCapture(r.out, rule.matches, rule.compare, rule.as);
}
