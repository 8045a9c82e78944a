// The enrolled agents (GET /v1/agents), shared by the agents page and the file-integrity page,
// and the name a page shows for an agent: its host, else its name.
import { getJson } from '../../api/api-client.ts';
import type { Agent } from '../../api/api-types.ts';
import { useAsync, type Async } from '../../components/use-async.ts';

export function useAgents(deps: readonly unknown[] = []): Async<Agent[]> {
  return useAsync(async () => (await getJson<{ agents: Agent[] }>('/v1/agents')).agents, deps);
}

export const agentLabel = (a: Agent): string => a.host ?? a.name;
