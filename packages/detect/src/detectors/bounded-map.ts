// A Map with a hard entry limit and least-recently-used eviction: every detector and correlation
// keeps its per-group state in one, so memory stays bounded whatever the input (docs/rules.md,
// "Bounds"). Evictions are counted and reported in the engine's stats.
export class BoundedMap<K, V> {
  private readonly m = new Map<K, V>();
  evicted = 0;

  constructor(readonly max: number) {}

  get size(): number {
    return this.m.size;
  }

  /** Reads and marks as recently used. */
  get(k: K): V | undefined {
    const v = this.m.get(k);
    if (v !== undefined) {
      this.m.delete(k);
      this.m.set(k, v);
    }
    return v;
  }

  peek(k: K): V | undefined {
    return this.m.get(k);
  }

  set(k: K, v: V): void {
    this.m.delete(k);
    this.m.set(k, v);
    if (this.m.size > this.max) {
      const oldest = this.m.keys().next();
      if (!oldest.done) {
        this.m.delete(oldest.value);
        this.evicted++;
      }
    }
  }

  delete(k: K): boolean {
    return this.m.delete(k);
  }

  entries(): IterableIterator<[K, V]> {
    return this.m.entries();
  }

  clear(): void {
    this.m.clear();
  }
}
