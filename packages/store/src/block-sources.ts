// The read side of the filter index: each filter becomes a source of blocks, walked newest first.
// seek(b) moves a source to its greatest block ≤ b (or -1 when it has none left), fetching rows in
// growing pages so that a filter that matches at once costs one small query, and one that matches
// rarely does not pay a round trip per block.
import type { Kysely } from 'kysely';
import { readOffsets, SPAN_BLOCKS, spanOf } from './postings.ts';
import type { Database } from './schema.ts';

export interface BlockSource {
  seek(block: number): Promise<number>;
  /** Offsets in the current block; `undefined` means every offset (a time range match). */
  offsets(): Uint16Array | undefined;
}

const FIRST_PAGE = 16;
const MAX_PAGE = 256;

interface Row {
  block: number;
  offsets?: Uint8Array;
  decoded?: Uint16Array;
}

abstract class PagedSource implements BlockSource {
  private rows: Row[] = [];
  private pos = 0;
  private exhausted = false;
  protected page = FIRST_PAGE;

  /** Rows at or below `atOrBelow`, newest first; `exhausted` once none remain below them. */
  protected abstract fetch(atOrBelow: number): Promise<{ rows: Row[]; exhausted: boolean }>;

  async seek(block: number): Promise<number> {
    while (this.pos < this.rows.length && this.rows[this.pos]!.block > block) this.pos++;
    if (this.pos < this.rows.length) return this.rows[this.pos]!.block;
    if (this.exhausted) return -1; // bounds only ever decrease
    ({ rows: this.rows, exhausted: this.exhausted } = await this.fetch(block));
    this.pos = 0;
    this.page = Math.min(this.page * 4, MAX_PAGE);
    return this.rows[0]?.block ?? -1;
  }

  offsets(): Uint16Array | undefined {
    const row = this.rows[this.pos];
    if (row?.offsets === undefined) return undefined;
    return (row.decoded ??= readOffsets(row.offsets));
  }
}

/**
 * Blocks holding events with one tag. Postings are keyed (block, tag), so the way down goes
 * through event_tag_spans: the spans (SPAN_BLOCKS blocks each) where the tag occurs, newest first,
 * then one primary-key probe per block of such a span.
 */
export class TagSource extends PagedSource {
  private spans: number[] = [];
  private spansExhausted = false;

  constructor(
    private readonly db: Kysely<Database>,
    private readonly tag: string,
  ) {
    super();
  }

  protected async fetch(atOrBelow: number): Promise<{ rows: Row[]; exhausted: boolean }> {
    for (let top = atOrBelow; top >= 0;) {
      // The blocks of the next spans holding the tag, up to a page's worth (spans are sparse for
      // a rare tag: probing several per query saves round trips).
      const blocks: number[] = [];
      while (top >= 0 && blocks.length < this.page) {
        const span = await this.nextSpan(spanOf(top));
        if (span < 0) break;
        const from = span * SPAN_BLOCKS;
        for (let b = Math.min(top, from + SPAN_BLOCKS - 1); b >= from; b--) blocks.push(b);
        top = from - 1;
      }
      if (blocks.length === 0) break;
      // An explicit IN list: both planners turn it into one primary-key probe per block.
      const rows = await this.db
        .selectFrom('event_postings')
        .select(['block', 'offsets'])
        .where('block', 'in', blocks)
        .where('tag', '=', this.tag)
        .orderBy('block', 'desc')
        .execute();
      if (rows.length > 0) return { rows, exhausted: false };
    }
    return { rows: [], exhausted: true };
  }

  /** The greatest span ≤ `span` where the tag occurs, or -1. */
  private async nextSpan(span: number): Promise<number> {
    while (this.spans.length > 0 && this.spans[0]! > span) this.spans.shift();
    if (this.spans.length === 0 && !this.spansExhausted) {
      const rows = await this.db
        .selectFrom('event_tag_spans')
        .select('span')
        .where('tag', '=', this.tag)
        .where('span', '<=', span)
        .orderBy('span', 'desc')
        .limit(this.page)
        .execute();
      this.spans = rows.map((r) => r.span);
      this.spansExhausted = rows.length < this.page;
    }
    return this.spans[0] ?? -1;
  }
}

/** Blocks whose time span meets [sinceMs, untilMs); the exact test runs on the events. */
export class TimeSource extends PagedSource {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly sinceMs: number | undefined,
    private readonly untilMs: number | undefined,
  ) {
    super();
  }
  protected async fetch(atOrBelow: number): Promise<{ rows: Row[]; exhausted: boolean }> {
    const rows = await this.db
      .selectFrom('event_blocks')
      .select('block')
      .where('block', '<=', atOrBelow)
      .$if(this.sinceMs !== undefined, (q) => q.where('max_time', '>=', this.sinceMs!))
      .$if(this.untilMs !== undefined, (q) => q.where('min_time', '<', this.untilMs!))
      .orderBy('block', 'desc')
      .limit(this.page)
      .execute();
    return { rows, exhausted: rows.length < this.page };
  }
}

/** Any of several tags (a list of event types): the union of their blocks and offsets. */
export class AnySource implements BlockSource {
  private heads: number[] = [];
  constructor(private readonly members: BlockSource[]) {}

  async seek(block: number): Promise<number> {
    this.heads = await Promise.all(this.members.map((m) => m.seek(block)));
    return Math.max(-1, ...this.heads);
  }

  offsets(): Uint16Array {
    const top = Math.max(...this.heads);
    const parts = this.members.filter((_, i) => this.heads[i] === top).map((m) => m.offsets()!);
    if (parts.length === 1) return parts[0]!;
    const all = new Uint16Array(parts.reduce((n, p) => n + p.length, 0));
    let at = 0;
    for (const p of parts) {
      all.set(p, at);
      at += p.length;
    }
    return all;
  }
}
