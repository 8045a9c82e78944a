// A Map with a hard entry limit and least-recently-used eviction, approximated by second chance
// (CLOCK): every detector and correlation keeps its per-group state in one, so memory stays
// bounded whatever the input (docs/rules.md, "Bounds"). A read only marks its entry as used; the
// map is reordered when an entry must go: from the oldest insertion on, a used entry loses its mark
// and moves to the newest end, the first unused one is evicted. Exact LRU moved the entry (a Map
// delete and set) on every read: about an eighth of the detection thread's time at ingest rates.
// Evictions are counted and reported in the engine's stats.

/** One entry: its value, and whether it was read since the clock hand last passed it. */
interface Slot<V> {
  v: V;
  used: boolean;
}

export class BoundedMap<K, V> {
  private readonly m = new Map<K, Slot<V>>();
  evicted = 0;

  constructor(readonly max: number) {}

  get size(): number {
    return this.m.size;
  }

  /** Reads and marks as recently used. */
  get(k: K): V | undefined {
    const s = this.m.get(k);
    if (s === undefined) return undefined;
    s.used = true;
    return s.v;
  }

  peek(k: K): V | undefined {
    return this.m.get(k)?.v;
  }

  set(k: K, v: V): void {
    const s = this.m.get(k);
    if (s !== undefined) {
      s.v = v;
      s.used = true;
      return;
    }
    // Writing is a use: a new entry is swept once before it can go, as LRU keeps it newest.
    this.m.set(k, { v, used: true });
    if (this.m.size > this.max) this.evictOne();
  }

  delete(k: K): boolean {
    return this.m.delete(k);
  }

  /** Oldest first (least recently used first, up to the marks not yet swept). */
  *entries(): IterableIterator<[K, V]> {
    for (const [k, s] of this.m) yield [k, s.v];
  }

  clear(): void {
    this.m.clear();
  }

  /** Each pass clears a mark it moves, so this ends within size + 1 steps. */
  private evictOne(): void {
    for (;;) {
      const oldest = this.m.entries().next();
      if (oldest.done) return;
      const [k, s] = oldest.value;
      this.m.delete(k);
      if (!s.used) {
        this.evicted++;
        return;
      }
      s.used = false;
      this.m.set(k, s);
    }
  }
}
