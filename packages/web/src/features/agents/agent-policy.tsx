// The policy an agent receives (GET /v1/agents/{id}/policy): its own, its group's or the default,
// beside what the agent last reported running (scope and issue time from its heartbeat).
import { getJson } from '../../api/api-client.ts';
import type { Agent } from '../../api/api-types.ts';
import { ErrorBanner, Loading, Time } from '../../components/ui.tsx';
import { useAsync } from '../../components/use-async.ts';

interface PolicyView {
  scope: 'agent' | 'group' | 'default';
  group: string | null;
  policy: Record<string, unknown>;
}

export function AgentPolicy({ agent, onClose }: { agent: Agent; onClose: () => void }) {
  const p = useAsync(
    () => getJson<PolicyView>(`/v1/agents/${encodeURIComponent(agent.id)}/policy`),
    [agent.id],
  );
  const running = agent.health?.policy;
  return (
    <aside className="detail" aria-label="Agent policy">
      <header className="detail-head">
        <h2>Policy of {agent.name}</h2>
        <button type="button" onClick={onClose}>
          Close
        </button>
      </header>
      <ErrorBanner error={p.error} />
      {p.loading && !p.data && <Loading what="the policy" />}
      {p.data && (
        <>
          <p data-testid="policy-scope">
            Set for{' '}
            {p.data.scope === 'agent'
              ? 'this agent'
              : p.data.scope === 'group'
                ? `group ${p.data.group}`
                : 'nobody: the empty default'}{' '}
            · modules: {Object.keys(p.data.policy).join(', ') || 'none'}
          </p>
          <pre className="code">{JSON.stringify(p.data.policy, null, 2)}</pre>
        </>
      )}
      <p className="muted">
        The agent reports running the {running?.scope ?? 'unknown'} policy
        {running?.issued ? (
          <>
            {' '}
            issued <Time iso={running.issued} />
          </>
        ) : null}
        .
      </p>
    </aside>
  );
}
