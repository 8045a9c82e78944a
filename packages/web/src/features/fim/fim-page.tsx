// File integrity: recent changes to watched files on each host (from the agents' fim.* events in
// the log), a change's before/after attributes and redacted diff, each agent's approved baseline
// and its FIM commands. Security officers and admins request a re-baseline or a restore from the
// known-good copy, each after a confirmation; the pending command appears at once.
import { useState } from 'react';
import { getJson, query } from '../../api/api-client.ts';
import type { Agent, StoredEvent } from '../../api/api-types.ts';
import { useLive } from '../../app/live.tsx';
import { Badge, ErrorBanner, Field, Loading, Page, Time } from '../../components/ui.tsx';
import { useAsync } from '../../components/use-async.ts';
import { agentLabel } from '../agents/use-agents.ts';
import { FimBaselines } from './fim-baselines.tsx';
import { FimChangeDetail } from './fim-change-detail.tsx';
import { CHANGE_TYPES, kindOf, type FimInfo } from './fim-types.ts';

async function loadAgents() {
  const { agents } = await getJson<{ agents: Agent[] }>('/v1/agents');
  const infos = await Promise.all(
    agents.map((a) => getJson<FimInfo>(`/v1/agents/${encodeURIComponent(a.id)}/fim`)),
  );
  return { agents, fim: new Map(infos.map((i) => [i.agent, i])) };
}

export function FimPage() {
  const live = useLive();
  const [host, setHost] = useState('');
  const [type, setType] = useState('');
  const [selected, setSelected] = useState<StoredEvent>();
  // New fim.* events (changes, command results) reload what they touch.
  const latest = live.events.find((e) => e.type.startsWith('fim.'))?.index;
  const agents = useAsync(loadAgents, [latest]);
  const changes = useAsync(
    () =>
      getJson<{ events: StoredEvent[] }>(
        `/v1/events${query({ type: type || CHANGE_TYPES.join(','), limit: 200 })}`,
      ),
    [type, latest],
  );
  const byId = new Map((agents.data?.agents ?? []).map((a) => [a.id, a]));
  const hostOf = (e: StoredEvent): string => {
    const a = e.source?.agent ? byId.get(e.source.agent) : undefined;
    return e.source?.host ?? (a ? agentLabel(a) : (e.source?.agent ?? 'unknown'));
  };
  const all = changes.data?.events ?? [];
  const rows = all.filter((e) => !host || hostOf(e) === host);
  const hosts = [...new Set([...all.map(hostOf), ...(agents.data?.agents ?? []).map(agentLabel)])];
  return (
    <Page title="File integrity">
      <form
        className="filters"
        aria-label="File change filters"
        onSubmit={(e) => e.preventDefault()}
      >
        <Field label="Host">
          <select name="host" value={host} onChange={(e) => setHost(e.target.value)}>
            <option value="">any</option>
            {hosts.sort().map((h) => (
              <option key={h}>{h}</option>
            ))}
          </select>
        </Field>
        <Field label="Change">
          <select name="type" value={type} onChange={(e) => setType(e.target.value)}>
            <option value="">any</option>
            {CHANGE_TYPES.map((t) => (
              <option key={t} value={t}>
                {t.slice(4).replace('_', ' ')}
              </option>
            ))}
          </select>
        </Field>
      </form>
      <ErrorBanner error={changes.error ?? agents.error} />
      {changes.loading && !changes.data && <Loading what="file changes" />}
      <div className="split">
        <div className="table-wrap">
          <table aria-busy={changes.loading}>
            <caption>Recent file changes</caption>
            <thead>
              <tr>
                <th scope="col">Time (UTC)</th>
                <th scope="col">Host</th>
                <th scope="col">File</th>
                <th scope="col">Change</th>
                <th scope="col">Attributes</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((e) => (
                <tr key={e.index} aria-selected={e.index === selected?.index}>
                  <td>
                    <Time iso={e.time} />
                  </td>
                  <td>{hostOf(e)}</td>
                  <td>
                    <button type="button" className="link" onClick={() => setSelected(e)}>
                      {e.target?.id ?? '(no path)'}
                    </button>
                  </td>
                  <td>
                    <Badge kind={e.severity ?? 'info'}>{kindOf(e)}</Badge>
                  </td>
                  <td>{((e.detail?.['attributes'] as string[] | undefined) ?? []).join(', ')}</td>
                </tr>
              ))}
            </tbody>
          </table>
          {changes.data && rows.length === 0 && (
            <p className="muted">
              {all.length === 0 ? 'No file changes reported.' : 'No changes match.'}
            </p>
          )}
        </div>
        {selected && (
          <FimChangeDetail
            event={selected}
            host={hostOf(selected)}
            info={selected.source?.agent ? agents.data?.fim.get(selected.source.agent) : undefined}
            onClose={() => setSelected(undefined)}
            onDone={agents.reload}
          />
        )}
      </div>
      {agents.data && (
        <FimBaselines agents={agents.data.agents} fim={agents.data.fim} onDone={agents.reload} />
      )}
    </Page>
  );
}
