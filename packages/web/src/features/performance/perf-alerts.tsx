// The threshold alerts the server raised from the series (perf.cpu_saturated, perf.latency_high,
// perf.capacity_drop: perf-thresholds.ts) for the chosen host, newest first, each linked to its
// event.
import type { StoredEvent } from '../../api/api-types.ts';
import { Link } from '../../app/router.tsx';
import { Badge, Time } from '../../components/ui.tsx';

const text = (v: unknown): string =>
  typeof v === 'number' ? String(Math.round(v * 100) / 100) : typeof v === 'string' ? v : '';

export function PerfAlerts({ host, events }: { host: string; events: StoredEvent[] | undefined }) {
  if (!events) return null;
  return (
    <div className="table-wrap">
      <table>
        <caption>Threshold alerts{host ? ` on ${host}` : ''}</caption>
        <thead>
          <tr>
            <th scope="col">Time (UTC)</th>
            <th scope="col">Host</th>
            <th scope="col">Alert</th>
            <th scope="col">Metric</th>
            <th scope="col">Value / limit</th>
            <th scope="col">Event</th>
          </tr>
        </thead>
        <tbody>
          {events.map((e) => (
            <tr key={e.index}>
              <td>
                <Time iso={e.time} />
              </td>
              <td>{text(e.detail?.['host'] ?? e.target?.id)}</td>
              <td>
                <Badge kind={e.severity ?? 'medium'}>{e.type.slice(5).replace('_', ' ')}</Badge>{' '}
                {e.message}
              </td>
              <td>
                <code>{text(e.detail?.['metric'])}</code>
              </td>
              <td>
                {text(e.detail?.['value'])} / {text(e.detail?.['limit'])}
              </td>
              <td>
                <Link to={`/events?at=${e.index}`}>#{e.index}</Link>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {events.length === 0 && <p className="muted">No threshold alerts.</p>}
    </div>
  );
}
