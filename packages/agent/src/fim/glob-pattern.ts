// Shell-style globs over absolute paths: `*` and `?` stay inside one path segment, `**` crosses
// segments, `[…]` is a class. Compiled once per policy.
export function globToRegExp(glob: string): RegExp {
  let re = '';
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i]!;
    if (c === '*') {
      if (glob[i + 1] === '*') {
        // `/**/` also matches a single `/`, so `/etc/**/x` covers `/etc/x`.
        if (glob[i + 2] === '/') {
          re += '(?:.*/)?';
          i += 2;
        } else {
          re += '.*';
          i += 1;
        }
      } else re += '[^/]*';
    } else if (c === '?') re += '[^/]';
    else if (c === '[') {
      const end = glob.indexOf(']', i + 2);
      if (end < 0) re += '\\[';
      else {
        const body = glob
          .slice(i + 1, end)
          .replace(/^!/, '^')
          .replace(/\\/g, '\\\\');
        re += `[${body}]`;
        i = end;
      }
    } else re += c.replace(/[.+^${}()|\\]/g, '\\$&');
  }
  return new RegExp(`^${re}$`);
}

export function hasGlob(path: string): boolean {
  return /[*?[]/.test(path);
}

/** The longest leading run of segments without glob characters: where a walk must start. */
export function staticPrefix(glob: string): string {
  const parts = glob.split('/');
  const fixed: string[] = [];
  for (const p of parts) {
    if (hasGlob(p)) break;
    fixed.push(p);
  }
  const joined = fixed.join('/');
  return joined === '' ? '/' : joined;
}

export class GlobSet {
  readonly #res: RegExp[];
  constructor(globs: readonly string[]) {
    this.#res = globs.map(globToRegExp);
  }
  get empty(): boolean {
    return this.#res.length === 0;
  }
  matches(path: string): boolean {
    return this.#res.some((r) => r.test(path));
  }
}
