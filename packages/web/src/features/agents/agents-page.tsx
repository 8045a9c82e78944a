// Agents and hosts: each enrolled agent's status (active, silent, revoked), last heartbeat, the
// version and policy it reports, its modules. Security officers and admins revoke an agent (with a
// confirmation and a reason, recorded as agent.revoked) and create enrollment tokens; nobody else
// sees those controls, and the API refuses them anyway.
import { useState } from 'react';
import { send } from '../../api/api-client.ts';
import type { Agent } from '../../api/api-types.ts';
import { can } from '../../api/roles.ts';
import { useMe } from '../../app/session.tsx';
import { ConfirmAction } from '../../components/confirm-action.tsx';
import { Badge, ErrorBanner, Field, Loading, Page, Time } from '../../components/ui.tsx';
import { AgentPolicy } from './agent-policy.tsx';
import { EnrollmentToken } from './enrollment-token.tsx';
import { useAgents } from './use-agents.ts';

const STATUS_BADGE = { active: 'success', silent: 'medium', revoked: 'failure' } as const;

/** What the agent reported running: the policy's scope, and when it was issued. */
function policyText(a: Agent): string {
  const p = a.health?.policy;
  if (!p?.scope) return 'not reported';
  return `${p.scope} policy${p.issued ? ` of ${p.issued.replace('T', ' ').slice(0, 16)}` : ''}`;
}

export function AgentsPage() {
  const me = useMe();
  const admin = can.manageAgents(me.role);
  const [status, setStatus] = useState('');
  const [shown, setShown] = useState<Agent>();
  const agents = useAgents();
  const rows = (agents.data ?? []).filter((a) => !status || a.status === status);
  return (
    <Page title="Agents and hosts">
      <form className="filters" aria-label="Agent filters" onSubmit={(e) => e.preventDefault()}>
        <Field label="Status">
          <select name="status" value={status} onChange={(e) => setStatus(e.target.value)}>
            <option value="">any</option>
            <option>active</option>
            <option>silent</option>
            <option>revoked</option>
          </select>
        </Field>
      </form>
      <ErrorBanner error={agents.error} />
      {agents.loading && !agents.data && <Loading what="agents" />}
      <div className="table-wrap">
        <table aria-busy={agents.loading}>
          <caption>Agents</caption>
          <thead>
            <tr>
              <th scope="col">Agent</th>
              <th scope="col">Host</th>
              <th scope="col">Group</th>
              <th scope="col">Status</th>
              <th scope="col">Last heartbeat (UTC)</th>
              <th scope="col">Version</th>
              <th scope="col">Policy</th>
              <th scope="col">Modules</th>
              {admin && <th scope="col">Actions</th>}
            </tr>
          </thead>
          <tbody>
            {rows.map((a) => (
              <tr key={a.id}>
                <td>
                  {a.name}
                  <br />
                  <code className="muted">{a.id}</code>
                </td>
                <td>{a.host ?? '—'}</td>
                <td>{a.group ?? '—'}</td>
                <td>
                  <Badge kind={STATUS_BADGE[a.status]}>{a.status}</Badge>
                </td>
                <td>
                  <Time iso={a.last_heartbeat} />
                </td>
                <td>{a.health?.version ?? <span className="muted">not reported</span>}</td>
                <td>
                  <button
                    type="button"
                    className="link"
                    onClick={() => setShown(a)}
                    aria-label={`Policy of ${a.name}: ${policyText(a)}`}
                    title={policyText(a)}
                  >
                    {a.health?.policy?.scope ?? 'not reported'}
                  </button>
                </td>
                <td>{Object.keys(a.health?.modules ?? {}).join(', ') || '—'}</td>
                {admin && (
                  <td>
                    {a.status !== 'revoked' && (
                      <ConfirmAction
                        label="Revoke"
                        subject={a.name}
                        question={`Revoke agent ${a.name}? It can no longer send events or read its policy; this cannot be undone.`}
                        reason="Reason (recorded)"
                        run={(reason) =>
                          send('POST', `/v1/agents/${encodeURIComponent(a.id)}/revoke`, {
                            ...(reason && { reason }),
                          })
                        }
                        onDone={agents.reload}
                      />
                    )}
                  </td>
                )}
              </tr>
            ))}
          </tbody>
        </table>
        {agents.data && rows.length === 0 && (
          <p className="muted">
            {agents.data.length === 0 ? 'No agents enrolled.' : 'No agents match.'}
          </p>
        )}
      </div>
      {shown && <AgentPolicy agent={shown} onClose={() => setShown(undefined)} />}
      {admin && <EnrollmentToken />}
    </Page>
  );
}
