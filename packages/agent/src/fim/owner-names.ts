// uid/gid → names from /etc/passwd and /etc/group, read once per scan. (Node has no getpwuid;
// a host using NSS/LDAP users still gets numeric ids, which are what the comparison uses.)
import { readFileSync } from 'node:fs';

function table(file: string): Map<number, string> {
  const m = new Map<number, string>();
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    return m;
  }
  for (const line of text.split('\n')) {
    const [name, , id] = line.split(':');
    if (name && id !== undefined && !m.has(Number(id))) m.set(Number(id), name);
  }
  return m;
}

export class OwnerNames {
  readonly #users = table('/etc/passwd');
  readonly #groups = table('/etc/group');
  user(uid: number): string | undefined {
    return this.#users.get(uid);
  }
  group(gid: number): string | undefined {
    return this.#groups.get(gid);
  }
}
