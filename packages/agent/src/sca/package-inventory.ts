// Software inventory: installed packages and versions from the dpkg status file
// (deb-control(5) paragraphs; installed means Status "install ok installed" or any
// "… installed"/"half-configured" state dpkg counts as present) and, when rpm is present on a
// live host, `rpm -qa`. Under --root only the dpkg database is read: rpm's Berkeley/SQLite
// database needs rpm itself (`rpm --root` is used when the binary exists).
import { execFile } from 'node:child_process';
import type { HostRoot } from './host-root.ts';

export interface InstalledPackage {
  name: string;
  /** dpkg: [epoch:]upstream[-revision]; rpm: [epoch:]version-release. */
  version: string;
  arch: string;
  format: 'deb' | 'rpm';
}

export interface Inventory {
  packages: InstalledPackage[];
  /** Which databases were found: an empty list means "unknown", not "nothing installed". */
  sources: ('dpkg' | 'rpm')[];
}

const PRESENT = new Set(['installed', 'half-configured', 'triggers-awaited', 'triggers-pending']);

export function parseDpkgStatus(text: string): InstalledPackage[] {
  const out: InstalledPackage[] = [];
  for (const para of text.split(/\n\s*\n/)) {
    const f = new Map<string, string>();
    for (const line of para.split('\n')) {
      const m = /^([A-Za-z][A-Za-z0-9-]*):\s*(.*)$/.exec(line);
      if (m) f.set(m[1]!.toLowerCase(), m[2]!.trim());
    }
    const name = f.get('package');
    const version = f.get('version');
    const state = (f.get('status') ?? '').split(/\s+/)[2] ?? '';
    if (name && version && PRESENT.has(state)) {
      out.push({ name, version, arch: f.get('architecture') ?? '', format: 'deb' });
    }
  }
  return out;
}

export function parseRpmQa(text: string): InstalledPackage[] {
  return text
    .split('\n')
    .map((l) => l.split('\t'))
    .filter((f) => f.length === 5)
    .map(([name, epoch, version, release, arch]) => ({
      name: name!,
      version: `${epoch && epoch !== '(none)' ? `${epoch}:` : ''}${version}-${release}`,
      arch: arch!,
      format: 'rpm' as const,
    }));
}

const RPM_QF = '%{NAME}\\t%{EPOCH}\\t%{VERSION}\\t%{RELEASE}\\t%{ARCH}\\n';

function rpmQa(rootDir: string): Promise<string | undefined> {
  return new Promise((resolve) =>
    execFile(
      'rpm',
      ['--root', rootDir, '-qa', '--qf', RPM_QF],
      { maxBuffer: 64 << 20 },
      (err, out) => resolve(err ? undefined : out),
    ),
  );
}

export async function readInventory(root: HostRoot): Promise<Inventory> {
  const inv: Inventory = { packages: [], sources: [] };
  const status = await root.readText('/var/lib/dpkg/status');
  if (status !== undefined) {
    inv.packages.push(...parseDpkgStatus(status));
    inv.sources.push('dpkg');
  }
  const rpmDb = (await root.stat('/var/lib/rpm')) ?? (await root.stat('/usr/lib/sysimage/rpm'));
  if (rpmDb) {
    const out = await rpmQa(root.dir);
    if (out !== undefined) {
      inv.packages.push(...parseRpmQa(out));
      inv.sources.push('rpm');
    }
  }
  inv.packages.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  return inv;
}
