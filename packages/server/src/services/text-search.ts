// Free text over events (GET /v1/events?text=…): the other filters narrow through the store's
// indexes, then each candidate's leaf is matched case-insensitively as UTF-8 text. There is no
// full-text index, so one request scans a bounded number of candidates; `next` then points past
// the last one scanned, and paging on continues the search — an answer never takes unbounded time.
import type { EventFilter, LeafRow, LogStore } from '@keywatch/store';

const PAGE = 1000;
export const MAX_SCAN = 20_000;

export async function searchText(
  store: LogStore,
  filter: EventFilter,
  text: string,
  limit: number,
  maxScan = MAX_SCAN,
): Promise<{ rows: LeafRow[]; next: string | null }> {
  const needle = text.toLowerCase();
  const rows: LeafRow[] = [];
  let before = filter.beforeIndex;
  let scanned = 0;
  while (scanned < maxScan) {
    const want = Math.min(PAGE, maxScan - scanned);
    const page = await store.queryEvents(
      { ...filter, ...(before !== undefined && { beforeIndex: before }) },
      want,
    );
    for (const r of page) {
      scanned++;
      before = r.index;
      if (!Buffer.from(r.leaf).toString('utf8').toLowerCase().includes(needle)) continue;
      rows.push(r);
      if (rows.length === limit) return { rows, next: r.index > 0 ? String(r.index) : null };
    }
    if (page.length < want) return { rows, next: null }; // the filters' candidates are exhausted
  }
  return { rows, next: before !== undefined && before > 0 ? String(before) : null };
}
