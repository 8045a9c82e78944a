// A bounded cache of facts about objects' key lists (their RFC 8785 member order, a leaf
// template's plan). Events of one source share a handful of key lists, so working a list out once
// saves most of the per-object work. Lists are found by their first key (a Map lookup on a string
// whose hash V8 keeps) and compared key by key: joining the keys into one lookup string cost more
// than the rest of the check. Bounded in lists and per first key, so hostile input with ever-new
// keys can neither grow it nor make a lookup long.

const MAX_LISTS = 4096;
/** Lists sharing a first key are scanned one by one: a bucket keeps the newest few. */
const MAX_BUCKET = 16;

export class KeyListCache<T> {
  private readonly buckets = new Map<string, { keys: readonly string[]; value: T }[]>();
  private count = 0;

  constructor(private readonly compute: (keys: readonly string[]) => T) {}

  get(keys: readonly string[]): T {
    const first = keys.length === 0 ? '' : keys[0]!;
    const bucket = this.buckets.get(first);
    if (bucket !== undefined)
      for (const known of bucket) if (sameKeys(known.keys, keys)) return known.value;
    const entry = { keys: keys.slice(), value: this.compute(keys) };
    if (this.count >= MAX_LISTS) {
      this.buckets.clear();
      this.count = 0;
    }
    const now = this.buckets.get(first);
    if (now === undefined) this.buckets.set(first, [entry]);
    else if (now.push(entry) > MAX_BUCKET) now.shift();
    this.count++;
    return entry.value;
  }
}

function sameKeys(a: readonly string[], b: readonly string[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}
