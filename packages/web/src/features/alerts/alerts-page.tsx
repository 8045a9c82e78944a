// The alerts inbox: filter by status and severity, newest first; an alert's detail shows its
// triggering events and its history; people who may handle alerts acknowledge, resolve or
// suppress them with a comment. New alerts appear live.
import { useState } from 'react';
import { getJson, query } from '../../api/api-client.ts';
import type { Alert } from '../../api/api-types.ts';
import { can } from '../../api/roles.ts';
import { useLive } from '../../app/live.tsx';
import { Link } from '../../app/router.tsx';
import { useMe } from '../../app/session.tsx';
import { Badge, ErrorBanner, Field, Loading, Page, Time } from '../../components/ui.tsx';
import { useAsync } from '../../components/use-async.ts';
import { AlertActions } from './alert-actions.tsx';

export function AlertsPage() {
  const me = useMe();
  const live = useLive();
  const [status, setStatus] = useState('open');
  const [severity, setSeverity] = useState('');
  const [selected, setSelected] = useState<string>();
  const list = useAsync(
    () => getJson<{ alerts: Alert[] }>(`/v1/alerts${query({ status, severity, limit: 200 })}`),
    [status, severity, live.alertTick],
  );
  const detail = useAsync(
    async () =>
      selected
        ? (await getJson<{ alert: Alert }>(`/v1/alerts/${encodeURIComponent(selected)}`)).alert
        : undefined,
    [selected, live.alertTick],
  );
  const refresh = () => {
    list.reload();
    detail.reload();
  };

  return (
    <Page title="Alerts">
      <form className="filters" aria-label="Alert filters" onSubmit={(e) => e.preventDefault()}>
        <Field label="Status">
          <select name="status" value={status} onChange={(e) => setStatus(e.target.value)}>
            <option value="">any</option>
            {['open', 'acknowledged', 'resolved', 'suppressed'].map((s) => (
              <option key={s}>{s}</option>
            ))}
          </select>
        </Field>
        <Field label="Severity">
          <select name="severity" value={severity} onChange={(e) => setSeverity(e.target.value)}>
            <option value="">any</option>
            {['critical', 'high', 'medium', 'low', 'info'].map((s) => (
              <option key={s}>{s}</option>
            ))}
          </select>
        </Field>
      </form>
      <ErrorBanner error={list.error} />
      <div className="split">
        <div className="table-wrap">
          <table aria-label="Alerts" aria-busy={list.loading}>
            <thead>
              <tr>
                <th scope="col">Alert</th>
                <th scope="col">Severity</th>
                <th scope="col">Status</th>
                <th scope="col">Count</th>
                <th scope="col">Last seen (UTC)</th>
              </tr>
            </thead>
            <tbody>
              {(list.data?.alerts ?? []).map((a) => (
                <tr key={a.id} aria-selected={a.id === selected}>
                  <td>
                    <button type="button" className="link" onClick={() => setSelected(a.id)}>
                      {a.rule.title}
                    </button>
                  </td>
                  <td>
                    <Badge kind={a.severity}>{a.severity}</Badge>
                  </td>
                  <td>{a.status}</td>
                  <td>{a.count}</td>
                  <td>
                    <Time iso={a.lastSeen} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          {list.data?.alerts.length === 0 && <p className="muted">No alerts match.</p>}
        </div>
        {selected && (
          <aside className="detail" aria-label="Alert detail">
            {detail.loading && !detail.data && <Loading what="the alert" />}
            <ErrorBanner error={detail.error} />
            {detail.data && (
              <>
                <header className="detail-head">
                  <h2>{detail.data.rule.title}</h2>
                  <button type="button" onClick={() => setSelected(undefined)}>
                    Close
                  </button>
                </header>
                <p>
                  <Badge kind={detail.data.severity}>{detail.data.severity}</Badge>{' '}
                  <strong data-testid="alert-status">{detail.data.status}</strong> ·{' '}
                  {detail.data.count} match(es) · rule <code>{detail.data.rule.id}</code>
                </p>
                <p>{detail.data.summary}</p>
                <p>
                  Triggering events:{' '}
                  {detail.data.eventIndexes.map((i) => (
                    <Link key={i} to={`/events?at=${i}`} className="chip">
                      #{i}
                    </Link>
                  ))}
                </p>
                {can.handleAlerts(me.role) && <AlertActions alert={detail.data} onDone={refresh} />}
                <h3>History</h3>
                <ol className="history">
                  {(detail.data.history ?? []).map((h) => (
                    <li key={h.version}>
                      <Time iso={h.at} /> <strong>{h.action}</strong> by {h.actor.id} (
                      {h.actor.role}){h.comment ? `: ${h.comment}` : ''}
                    </li>
                  ))}
                </ol>
              </>
            )}
          </aside>
        )}
      </div>
    </Page>
  );
}
