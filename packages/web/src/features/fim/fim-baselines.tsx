// Each agent's approved FIM baseline (version, entries, known-good copies) and its recent
// commands; security officers and admins request a re-baseline with a reason (recorded), and the
// pending command shows here as soon as the server accepted it.
import { send } from '../../api/api-client.ts';
import type { Agent } from '../../api/api-types.ts';
import { can } from '../../api/roles.ts';
import { useMe } from '../../app/session.tsx';
import { ConfirmAction } from '../../components/confirm-action.tsx';
import { Time } from '../../components/ui.tsx';
import { agentLabel } from '../agents/use-agents.ts';
import type { FimInfo } from './fim-types.ts';

export function FimBaselines({
  agents,
  fim,
  onDone,
}: {
  agents: Agent[];
  fim: Map<string, FimInfo>;
  onDone: () => void;
}) {
  const me = useMe();
  const admin = can.manageAgents(me.role);
  const commands = agents.flatMap((a) => (fim.get(a.id)?.commands ?? []).map((c) => ({ a, c })));
  return (
    <>
      <div className="table-wrap">
        <table>
          <caption>Baselines per agent</caption>
          <thead>
            <tr>
              <th scope="col">Agent</th>
              <th scope="col">Version</th>
              <th scope="col">Entries</th>
              <th scope="col">Known-good copies</th>
              <th scope="col">Approved (UTC)</th>
              {admin && <th scope="col">Actions</th>}
            </tr>
          </thead>
          <tbody>
            {agents.map((a) => {
              const b = fim.get(a.id)?.baseline;
              return (
                <tr key={a.id}>
                  <td>{agentLabel(a)}</td>
                  <td>{b ? b.version : <span className="muted">no baseline yet</span>}</td>
                  <td>{b?.entries ?? '—'}</td>
                  <td>{b ? Object.keys(b.known_good).length : '—'}</td>
                  <td>
                    <Time iso={b?.created} />
                  </td>
                  {admin && (
                    <td>
                      {b && a.status !== 'revoked' && (
                        <ConfirmAction
                          label="Re-baseline"
                          subject={agentLabel(a)}
                          question={`Accept the current state of ${agentLabel(a)}'s watched files as the new baseline? The agent uploads it at its next poll.`}
                          reason="Reason (recorded)"
                          run={(reason) =>
                            send('POST', `/v1/agents/${encodeURIComponent(a.id)}/fim/rebaseline`, {
                              ...(reason && { reason }),
                            })
                          }
                          onDone={onDone}
                        />
                      )}
                    </td>
                  )}
                </tr>
              );
            })}
          </tbody>
        </table>
        {agents.length === 0 && <p className="muted">No agents enrolled, so no baselines.</p>}
      </div>
      <div className="table-wrap">
        <table>
          <caption>Re-baseline and restore commands</caption>
          <thead>
            <tr>
              <th scope="col">Agent</th>
              <th scope="col">Command</th>
              <th scope="col">File</th>
              <th scope="col">Requested by</th>
              <th scope="col">Requested (UTC)</th>
              <th scope="col">Status</th>
            </tr>
          </thead>
          <tbody>
            {commands.map(({ a, c }) => (
              <tr key={c.id}>
                <td>{agentLabel(a)}</td>
                <td>{c.kind}</td>
                <td>{c.path ?? '—'}</td>
                <td>{c.requested_by}</td>
                <td>
                  <Time iso={c.requested} />
                </td>
                <td data-testid="fim-command-status">{c.status}</td>
              </tr>
            ))}
          </tbody>
        </table>
        {commands.length === 0 && <p className="muted">No commands requested.</p>}
      </div>
    </>
  );
}
