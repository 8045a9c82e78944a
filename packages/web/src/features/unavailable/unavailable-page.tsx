// Capabilities still being built elsewhere (agents, keys, file integrity, performance): the page
// says so plainly instead of showing empty tables. Agents appear as soon as GET /v1/agents exists
// on the server (GET /v1/auth/me says which features it has).
import { getJson } from '../../api/api-client.ts';
import { useMe } from '../../app/session.tsx';
import { ErrorBanner, Page } from '../../components/ui.tsx';
import { useAsync } from '../../components/use-async.ts';

export function UnavailablePage({ title, what }: { title: string; what: string }) {
  return (
    <Page title={title}>
      <p className="banner info" role="note">
        Not available yet: this keywatch server does not offer {what}. The page fills in once that
        capability lands on the server; nothing is hidden from you.
      </p>
    </Page>
  );
}

type AgentRow = Record<string, unknown> & { id?: string };

const cell = (v: unknown): string =>
  typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean'
    ? String(v)
    : v === null || v === undefined
      ? ''
      : JSON.stringify(v);

export function AgentsPage() {
  const me = useMe();
  const agents = useAsync(
    async () =>
      me.features?.agents
        ? (await getJson<{ agents: AgentRow[] }>('/v1/agents')).agents
        : undefined,
    [me.features?.agents],
  );
  if (!me.features?.agents)
    return <UnavailablePage title="Agents and hosts" what="agent enrolment and host health" />;
  const rows = agents.data ?? [];
  const cols = [...new Set(rows.flatMap((r) => Object.keys(r)))].slice(0, 8);
  return (
    <Page title="Agents and hosts">
      <ErrorBanner error={agents.error} />
      <table aria-label="Agents">
        <thead>
          <tr>
            {cols.map((c) => (
              <th key={c} scope="col">
                {c}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((r, i) => (
            <tr key={r.id ?? i}>
              {cols.map((c) => (
                <td key={c}>{cell(r[c])}</td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
      {rows.length === 0 && <p className="muted">No agents enrolled.</p>}
    </Page>
  );
}
