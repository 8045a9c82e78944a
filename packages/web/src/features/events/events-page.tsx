// The events explorer: filters (in the URL), newest first, keyset paging with `next` ("Load
// more"), a histogram of what is loaded, new events announced live, and the detail of one event
// with its inclusion proof verified in the browser.
import { useEffect, useMemo, useState } from 'react';
import { getJson, query } from '../../api/api-client.ts';
import type { EventsPage as Page_, StoredEvent } from '../../api/api-types.ts';
import { useLive } from '../../app/live.tsx';
import { navigate, useLocation } from '../../app/router.tsx';
import { Badge, ErrorBanner, Page, Time } from '../../components/ui.tsx';
import { EventDetail } from './event-detail.tsx';
import { EventFilters, filtersFrom, type Filters } from './event-filters.tsx';
import { EventsHistogram } from './events-histogram.tsx';

const PAGE = 100;

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
  const [seenCount] = useState(live.count);

  const load = async (cursor: string | null) => {
    setLoading(true);
    try {
      const start = cursor ?? (at !== null ? String(Number(at) + 1) : null);
      const page = await getJson<Page_>(
        `/v1/events${query({ ...filters, limit: PAGE, cursor: start })}`,
      );
      setEvents((prev) => (cursor ? [...prev, ...page.events] : page.events));
      if (!cursor && at !== null) setSelected(page.events.find((e) => e.index === Number(at)));
      setNext(page.next);
      setError(undefined);
    } catch (e) {
      setError(e as Error);
    } finally {
      setLoading(false);
    }
  };
  useEffect(() => {
    setSelected(undefined);
    void load(null);
  }, [key]);

  const shown = events;
  const apply = (f: Filters) => navigate(`/events${query(f)}`);
  const fresh = live.count - seenCount;

  return (
    <Page
      title="Events"
      actions={
        fresh > 0 ? (
          <button type="button" onClick={() => void load(null)} aria-live="polite">
            {fresh} new — show
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
