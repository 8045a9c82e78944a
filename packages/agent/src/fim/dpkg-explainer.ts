// Tells package updates apart from unexplained changes: a changed file is explained by dpkg when
// its content matches the MD5 that its package's md5sums lists AND dpkg.log shows that package
// installed, upgraded or configured within the window before the scan.
import { readdirSync, readFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { join } from 'node:path';

export interface DpkgExplanation {
  package: string;
  action: string;
  version: string;
  loggedAt: string;
}

interface Owner {
  pkg: string;
  md5: string;
}

export class DpkgExplainer {
  constructor(private readonly opts: { infoDir: string; logPath: string; windowSec: number }) {}

  /** path → package and MD5, from every info/*.md5sums, read once per scan (they change with it). */
  #index(): Map<string, Owner> {
    const m = new Map<string, Owner>();
    let names: string[];
    try {
      names = readdirSync(this.opts.infoDir).filter((n) => n.endsWith('.md5sums'));
    } catch {
      return m;
    }
    for (const name of names) {
      const pkg = name.slice(0, -'.md5sums'.length).replace(/:.*$/, '');
      for (const line of readFileSync(join(this.opts.infoDir, name), 'utf8').split('\n')) {
        const md5 = line.slice(0, 32);
        const rel = line.slice(34);
        if (rel) m.set(`/${rel}`, { pkg, md5 });
      }
    }
    return m;
  }

  /** Package actions in the window: package → the latest matching log line. */
  #recent(now: number): Map<string, DpkgExplanation> {
    const m = new Map<string, DpkgExplanation>();
    let text: string;
    try {
      text = readFileSync(this.opts.logPath, 'utf8');
    } catch {
      return m;
    }
    const since = now - this.opts.windowSec * 1000;
    for (const line of text.split('\n')) {
      const f = line.split(' ');
      // "2026-11-29 05:12:01 upgrade openssl:amd64 3.0.11-1 3.0.13-1" / "… status installed pkg:arch ver"
      const [date, time, action] = f;
      if (!date || !time || !action) continue;
      const at = Date.parse(`${date}T${time}`);
      if (!(at >= since && at <= now + 60_000)) continue;
      const isStatus = action === 'status' && f[3] === 'installed';
      if (!isStatus && !['install', 'upgrade', 'configure'].includes(action)) continue;
      const pkgField = isStatus ? f[4] : f[3];
      if (!pkgField) continue;
      const version = (isStatus ? f[5] : f.at(-1)) ?? '';
      m.set(pkgField.replace(/:.*$/, ''), {
        package: pkgField.replace(/:.*$/, ''),
        action,
        version,
        loggedAt: new Date(at).toISOString(),
      });
    }
    return m;
  }

  /** For each changed path that dpkg explains, why. Reads the index once per call. */
  explain(paths: readonly string[], now = Date.now()): Map<string, DpkgExplanation> {
    const out = new Map<string, DpkgExplanation>();
    if (paths.length === 0) return out;
    const owners = this.#index();
    const recent = this.#recent(now);
    for (const path of paths) {
      const owner = owners.get(path);
      const logged = owner && recent.get(owner.pkg);
      if (!owner || !logged) continue;
      try {
        const md5 = createHash('md5').update(readFileSync(path)).digest('hex');
        if (md5 === owner.md5) out.set(path, logged);
      } catch {
        // vanished or unreadable: not explained
      }
    }
    return out;
  }
}
