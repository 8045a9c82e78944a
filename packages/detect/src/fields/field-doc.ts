// What a compiled rule reads: the stored event, and for vendor logsources one parsed record of
// its `raw` text (auditd events carry several records; a rule sees each in turn).
import type { StoredEvent } from '@keywatch/protocol';

export interface Doc {
  readonly event: StoredEvent;
  /** The vendor record parsed from `raw`; undefined for keywatch rules or unparsable raw. */
  readonly record: Record<string, unknown> | undefined;
  /** The text keyword searches run over: the record's text, else raw, else message. */
  readonly text: string;
}

/** Reads one field of a document; arrays are returned whole (matching is "any element"). */
export type Accessor = (doc: Doc) => unknown;

/** Walks a dotted path; a key that itself contains dots (Azure claim URIs, flattened logs) is
 *  found by joining the remaining segments when the single segment is absent. */
export function walkPath(root: unknown, segs: readonly string[]): unknown {
  let cur: unknown = root;
  for (let i = 0; i < segs.length; i++) {
    if (cur === null || typeof cur !== 'object' || Array.isArray(cur)) return undefined;
    const o = cur as Record<string, unknown>;
    const seg = segs[i]!;
    if (Object.hasOwn(o, seg)) {
      cur = o[seg];
      continue;
    }
    let key = seg;
    let found = false;
    for (let j = i + 1; j < segs.length; j++) {
      key += `.${segs[j]!}`;
      if (Object.hasOwn(o, key)) {
        cur = o[key];
        i = j;
        found = true;
        break;
      }
    }
    if (!found) return undefined;
  }
  return cur;
}

/** A compiled accessor for a native field path (`actor.id`, `detail.change_id`, `raw`). */
export function nativeAccessor(field: string): Accessor {
  const segs = field.split('.');
  if (segs.length === 1) {
    const k = segs[0]!;
    return (d) =>
      Object.hasOwn(d.event, k) ? (d.event as unknown as Record<string, unknown>)[k] : undefined;
  }
  if (segs.length === 2 && segs[0] !== 'detail') {
    const [a, b] = segs as [string, string];
    return (d) => {
      const o = (d.event as unknown as Record<string, unknown>)[a];
      return o !== null && typeof o === 'object' && Object.hasOwn(o, b)
        ? (o as Record<string, unknown>)[b]
        : undefined;
    };
  }
  return (d) => walkPath(d.event, segs);
}
