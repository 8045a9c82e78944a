// Pre-index of detection rules so that most are skipped without running (issue 4: ≥ 50,000
// events/s with the whole pack). A rule is filed under the source kinds its logsource admits and,
// for keywatch rules whose condition requires certain normalized types, under those types (exact
// or prefix). The candidate list per (source.kind, type) is computed once and cached.

export interface Indexed {
  /** Position in the rule set: candidates run in rule order. */
  order: number;
  kinds: readonly string[] | undefined;
  types: { exact: string[]; prefixes: string[] } | undefined;
}

interface Bucket<T> {
  exact: Map<string, T[]>;
  prefixes: Array<[string, T]>;
  any: T[];
}

const CACHE_MAX = 8192;

export class RuleIndex<T extends Indexed> {
  private readonly buckets = new Map<string, Bucket<T>>();
  private readonly cache = new Map<string, T[]>();

  constructor(entries: readonly T[]) {
    for (const e of entries) {
      for (const kind of e.kinds ?? ['*']) {
        let b = this.buckets.get(kind);
        if (!b) this.buckets.set(kind, (b = { exact: new Map(), prefixes: [], any: [] }));
        if (!e.types) b.any.push(e);
        else {
          for (const t of new Set(e.types.exact)) b.exact.set(t, [...(b.exact.get(t) ?? []), e]);
          for (const p of new Set(e.types.prefixes)) b.prefixes.push([p, e]);
        }
      }
    }
  }

  candidates(kind: string | undefined, type: string): readonly T[] {
    const key = `${kind ?? ''}\u0000${type}`;
    let list = this.cache.get(key);
    if (list) return list;
    const found = new Set<T>();
    const lower = type.toLowerCase();
    for (const b of [
      this.buckets.get('*'),
      kind === undefined ? undefined : this.buckets.get(kind),
    ]) {
      if (!b) continue;
      for (const e of b.any) found.add(e);
      for (const e of b.exact.get(lower) ?? []) found.add(e);
      for (const [p, e] of b.prefixes) if (lower.startsWith(p)) found.add(e);
    }
    list = [...found].sort((a, b) => a.order - b.order);
    if (this.cache.size >= CACHE_MAX) this.cache.clear();
    this.cache.set(key, list);
    return list;
  }
}
