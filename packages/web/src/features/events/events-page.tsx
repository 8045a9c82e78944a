// The events explorer: filters (in the URL), newest first, keyset paging with `next` ("Load
// more"), a histogram of what is loaded, new events announced live, and the detail of one event
// with its inclusion proof verified in the browser.
import { useEffect, useMemo, useRef, useState } from 'react';
import { getJson, query } from '../../api/api-client.ts';
import type { EventsPage as Page_, StoredEvent } from '../../api/api-types.ts';
import { LIVE_KEEP, useLive } from '../../app/live.tsx';
import { navigate, useLocation } from '../../app/router.tsx';
import { Badge, ErrorBanner, Page, Time } from '../../components/ui.tsx';
import { EventDetail } from './event-detail.tsx';
import { EventFilters, filtersFrom, type Filters } from './event-filters.tsx';
import { EventsHistogram } from './events-histogram.tsx';

const PAGE = 100;

/**
 * Live events above `since` that the page's type filters admit (the server applies the others
 * when the list reloads). Counting every commit announced the viewer's own reads, which the log
 * records, on a page filtered to other types.
 */
function freshCount(live: readonly { index: number; type: string }[], since: number, f: Filters) {
  const types = f.type?.split(',');
  return live.filter((e) => e.index > since && (types === undefined || types.includes(e.type)))
    .length;
}

export function EventsPage() {
  const { search } = useLocation();
  const filters = useMemo(() => filtersFrom(search), [search]);
  // ?at=I opens the explorer at event I (links from alerts): paging starts just above it.
  const at = search.get('at');
  const key = JSON.stringify(filters) + (at ?? '');
  const [events, setEvents] = useState<StoredEvent[]>([]);
  const [next, setNext] = useState<string | null>(null);
  const [error, setError] = useState<Error>();
  const [loading, setLoading] = useState(false);
  const [selected, setSelected] = useState<StoredEvent>();
  const live = useLive();
  // The newest index the list was loaded with: what the live feed commits above it is new.
  const [since, setSince] = useState<number | null>(null);
  // Bumped by every load from the top: an answer to an older load (filters changed while it was
  // in flight, or "Load more" overtaken by "show") is dropped instead of replacing newer rows.
  const generation = useRef(0);

  const load = async (cursor: string | null) => {
    const mine = cursor ? generation.current : ++generation.current;
    const current = () => mine === generation.current;
    setLoading(true);
    try {
      const start = cursor ?? (at !== null ? String(Number(at) + 1) : null);
      const page = await getJson<Page_>(
        `/v1/events${query({ ...filters, limit: PAGE, cursor: start })}`,
      );
      if (!current()) return;
      setEvents((prev) => (cursor ? [...prev, ...page.events] : page.events));
      // Newest first; opened at an older event (?at=), the log's end as the live feed last told it.
      if (!cursor) setSince(Math.max(page.events[0]?.index ?? -1, (live.size ?? 0) - 1));
      if (!cursor && at !== null) setSelected(page.events.find((e) => e.index === Number(at)));
      setNext(page.next);
      setError(undefined);
    } catch (e) {
      if (current()) setError(e as Error);
    } finally {
      if (current()) setLoading(false);
    }
  };
  useEffect(() => {
    setSelected(undefined);
    void load(null);
  }, [key]);

  const shown = events;
  const apply = (f: Filters) => navigate(`/events${query(f)}`);
  const fresh = since === null ? 0 : freshCount(live.events, since, filters);

  return (
    <Page
      title="Events"
      actions={
        fresh > 0 ? (
          <button type="button" onClick={() => void load(null)} aria-live="polite">
            {fresh >= LIVE_KEEP ? `${LIVE_KEEP}+` : fresh} new — show
          </button>
        ) : undefined
      }
    >
      <EventFilters key={key} value={filters} onApply={apply} />
      <ErrorBanner error={error} />
      <EventsHistogram events={shown} />
      <div className="split">
        <div className="table-wrap">
          <table aria-label="Events" aria-busy={loading}>
            <thead>
              <tr>
                <th scope="col">#</th>
                <th scope="col">Time (UTC)</th>
                <th scope="col">Type</th>
                <th scope="col">Outcome</th>
                <th scope="col">Actor</th>
                <th scope="col">Target</th>
                <th scope="col">Host / source</th>
              </tr>
            </thead>
            <tbody>
              {shown.map((e) => (
                <tr key={e.index} aria-selected={selected?.index === e.index}>
                  <td>
                    <button
                      type="button"
                      className="link"
                      onClick={() => setSelected(e)}
                      aria-label={`Open event ${e.index}`}
                    >
                      {e.index}
                    </button>
                  </td>
                  <td>
                    <Time iso={e.time} />
                  </td>
                  <td>{e.type}</td>
                  <td>
                    <Badge kind={e.outcome}>{e.outcome}</Badge>
                  </td>
                  <td>
                    {e.actor.id ?? '—'}
                    {e.actor.roles?.length ? (
                      <span className="muted"> ({e.actor.roles.join(', ')})</span>
                    ) : null}
                  </td>
                  <td>{e.target?.id ?? '—'}</td>
                  <td>{[e.source?.host, e.source?.kind].filter(Boolean).join(' / ') || '—'}</td>
                </tr>
              ))}
            </tbody>
          </table>
          {!loading && shown.length === 0 && (
            <p className="muted">No events match these filters.</p>
          )}
          {next && (
            <button type="button" onClick={() => void load(next)} disabled={loading}>
              Load more (older)
            </button>
          )}
        </div>
        {selected && <EventDetail event={selected} onClose={() => setSelected(undefined)} />}
      </div>
    </Page>
  );
}
