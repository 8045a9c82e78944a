// The overview: open alerts by severity, the event rate, the log's integrity (latest signed
// checkpoint, last full verification and its result), and the health of sources and agents as far
// as the API shows them (quarantined input per source; agents by status).
import { getJson, getText } from '../../api/api-client.ts';
import type { Alert, CheckpointEntry, Me, Severity, Verification } from '../../api/api-types.ts';
import { useLive } from '../../app/live.tsx';
import { Link } from '../../app/router.tsx';
import { useMe } from '../../app/session.tsx';
import { Badge, ErrorBanner, Loading, Page, Time } from '../../components/ui.tsx';
import { useAsync } from '../../components/use-async.ts';

const SEVERITIES: Severity[] = ['critical', 'high', 'medium', 'low', 'info'];
const HOUR = 3_600_000;

async function loadOverview(me: Me) {
  const since = new Date(Date.now() - HOUR).toISOString();
  const [open, acked, recent, note, verification, quarantine, agents] = await Promise.all([
    getJson<{ alerts: Alert[] }>('/v1/alerts?status=open&limit=500'),
    getJson<{ alerts: Alert[] }>('/v1/alerts?status=acknowledged&limit=500'),
    getJson<{ events: unknown[]; next: string | null }>(`/v1/events?since=${since}&limit=1000`),
    getText('/v1/log/checkpoint'),
    getJson<{ last: Verification | null }>('/v1/log/verification'),
    getJson<{ counts: Record<string, number> }>('/v1/quarantine?limit=1'),
    me.features?.agents
      ? getJson<{ agents: { id: string; status?: string; host?: string }[] }>('/v1/agents')
      : undefined,
  ]);
  const size = Number(note.split('\n')[1]);
  const cps = await getJson<{ checkpoints: CheckpointEntry[] }>(
    `/v1/log/checkpoints?after=${size - 1}&limit=1`,
  );
  return {
    open: open.alerts,
    acked: acked.alerts,
    recent,
    size,
    checkpoint: cps.checkpoints[0],
    verification: verification.last,
    quarantine: quarantine.counts,
    agents,
  };
}

export function OverviewPage() {
  const me = useMe();
  const live = useLive();
  const o = useAsync(() => loadOverview(me), [live.alertTick]);
  const d = o.data;
  return (
    <Page title="Overview">
      <ErrorBanner error={o.error} />
      {!d && o.loading && <Loading what="the overview" />}
      {d && (
        <div className="cards">
          <section className="card" aria-labelledby="ov-alerts">
            <h2 id="ov-alerts">Open alerts</h2>
            <ul className="sev-list">
              {SEVERITIES.map((s) => (
                <li key={s}>
                  <Badge kind={s}>{s}</Badge>{' '}
                  <strong data-testid={`open-${s}`}>
                    {d.open.filter((a) => a.severity === s).length}
                  </strong>
                </li>
              ))}
            </ul>
            <p>
              {d.acked.length} acknowledged, not yet resolved.{' '}
              <Link to="/alerts">Go to the inbox</Link>
            </p>
          </section>
          <section className="card" aria-labelledby="ov-rate">
            <h2 id="ov-rate">Event rate</h2>
            <p className="big">
              {d.recent.next ? `${d.recent.events.length}+` : d.recent.events.length}
              <span className="unit"> events in the last hour</span>
            </p>
            <p>
              {live.count} committed since this page opened{live.connected ? ' (live)' : ''}.
            </p>
          </section>
          <section className="card" aria-labelledby="ov-integrity">
            <h2 id="ov-integrity">Log integrity</h2>
            <p>
              Latest signed checkpoint: size{' '}
              <strong data-testid="checkpoint-size">{live.size ?? d.size}</strong>, signed{' '}
              <Time iso={d.checkpoint?.created} />.
            </p>
            {d.verification ? (
              <p>
                Last full verification <Time iso={d.verification.finished} /> by {d.verification.by}
                :{' '}
                {d.verification.ok ? (
                  <Badge kind="success">verified</Badge>
                ) : (
                  <Badge kind="failure">
                    failed: {d.verification.code} at {d.verification.index ?? '?'}
                  </Badge>
                )}{' '}
                (size {d.verification.size})
              </p>
            ) : (
              <p>No full verification has been run yet.</p>
            )}
            <Link to="/integrity">Verify or export</Link>
          </section>
          <section className="card" aria-labelledby="ov-sources">
            <h2 id="ov-sources">Sources and agents</h2>
            {Object.keys(d.quarantine).length === 0 ? (
              <p>No input has been quarantined.</p>
            ) : (
              <ul>
                {Object.entries(d.quarantine).map(([src, n]) => (
                  <li key={src}>
                    {src}: {n} quarantined
                  </li>
                ))}
              </ul>
            )}
            {d.agents ? (
              <p>{d.agents.agents.length} agents enrolled.</p>
            ) : (
              <p className="muted">Agent health is not available yet on this server.</p>
            )}
          </section>
        </div>
      )}
    </Page>
  );
}
