// The filesystem a scan looks at: "/" for the live host, or a mounted or copied tree (--root, or
// the snapshot the agentless collector builds). Every path in a policy or OVAL file is absolute
// on the assessed host and is resolved under the root here, never followed outside it by "..".
import { execFile } from 'node:child_process';
import { lstat, readFile, readdir, stat } from 'node:fs/promises';
import { join, normalize } from 'node:path';
import type { Stats } from 'node:fs';
import { remoteAclsOf } from './remote-acls.ts';

export class HostRoot {
  private names?: Promise<{ users: Map<number, string>; groups: Map<number, string> }>;
  constructor(readonly dir: string = '/') {}

  get live(): boolean {
    return normalize(this.dir) === '/';
  }

  resolve(path: string): string {
    return join(this.dir, normalize(`/${path}`));
  }

  async readText(path: string): Promise<string | undefined> {
    try {
      return await readFile(this.resolve(path), 'utf8');
    } catch (err) {
      if (isMissing(err)) return undefined;
      throw err;
    }
  }

  async lstat(path: string): Promise<Stats | undefined> {
    try {
      return await lstat(this.resolve(path));
    } catch (err) {
      if (isMissing(err)) return undefined;
      throw err;
    }
  }

  async stat(path: string): Promise<Stats | undefined> {
    try {
      return await stat(this.resolve(path));
    } catch (err) {
      if (isMissing(err)) return undefined;
      throw err;
    }
  }

  async list(path: string): Promise<string[] | undefined> {
    try {
      return (await readdir(this.resolve(path))).sort();
    } catch (err) {
      if (isMissing(err)) return undefined;
      throw err;
    }
  }

  /** Regular files under a directory, recursively (symlinks are not followed). */
  async walk(path: string, out: string[] = []): Promise<string[]> {
    const names = await this.list(path);
    for (const name of names ?? []) {
      const p = path.replace(/\/$/, '') + '/' + name;
      const st = await this.lstat(p);
      if (st?.isDirectory()) await this.walk(p, out);
      else if (st?.isFile()) out.push(p);
    }
    return out;
  }

  /** Owner and group names come from the assessed tree's /etc/passwd and /etc/group. */
  async userName(uid: number): Promise<string | undefined> {
    return (await this.nameMaps()).users.get(uid);
  }
  async groupName(gid: number): Promise<string | undefined> {
    return (await this.nameMaps()).groups.get(gid);
  }

  /**
   * POSIX ACL entries in numeric form ("user:1001:r--"), via getfacl (Debian's acl package); for
   * an agentless snapshot, those the remote getfacl printed (remote-acls.ts).
   */
  async acl(path: string): Promise<string[]> {
    const remote = remoteAclsOf(this.dir);
    if (remote) {
      const entries = remote.get(normalize(`/${path}`));
      if (entries === undefined) throw new Error('ACL not collected from the remote host');
      if (entries instanceof Error) throw new Error(`remote getfacl: ${entries.message}`);
      return entries;
    }
    const out = await new Promise<string>((resolve, reject) =>
      execFile(
        'getfacl',
        ['--absolute-names', '--omit-header', '--numeric', '--', this.resolve(path)],
        (err, stdout) => (err ? reject(new Error(err.message)) : resolve(stdout)),
      ),
    );
    return out
      .split('\n')
      .map((l) => l.replace(/\s*#.*$/, '').trim())
      .filter((l) => l !== '');
  }

  private nameMaps(): Promise<{ users: Map<number, string>; groups: Map<number, string> }> {
    this.names ??= (async () => ({
      users: idMap(await this.readText('/etc/passwd')),
      groups: idMap(await this.readText('/etc/group')),
    }))();
    return this.names;
  }
}

function idMap(text: string | undefined): Map<number, string> {
  const m = new Map<number, string>();
  for (const line of (text ?? '').split('\n')) {
    const f = line.split(':');
    if (f.length >= 3 && f[0] && /^\d+$/.test(f[2] ?? '')) m.set(Number(f[2]), f[0]);
  }
  return m;
}

export function isMissing(err: unknown): boolean {
  const code = (err as { code?: string }).code;
  return code === 'ENOENT' || code === 'ENOTDIR';
}
