// Events the server records about agents (docs/event-types.md): actor is the person (or keywatch
// itself for silence and gaps), target the agent.
import type { NativeEvent, Severity } from '@keywatch/protocol';
import type { AgentRecord } from '@keywatch/store';
import type { Principal } from '../auth/token-service.ts';

export function agentEvent(
  type: string,
  agent: Pick<AgentRecord, 'id' | 'name'>,
  by: Principal | undefined,
  extra: { severity?: Severity; message?: string; detail?: Record<string, unknown>; id?: string },
): NativeEvent {
  return {
    ...(extra.id !== undefined && { id: extra.id }),
    time: new Date().toISOString(),
    type,
    outcome: 'success',
    severity: extra.severity ?? 'info',
    actor: by
      ? { id: by.name, roles: [by.role], type: by.person ? 'user' : 'service' }
      : { id: 'keywatch', type: 'service' },
    target: { type: 'agent', id: agent.id, name: agent.name },
    source: { kind: 'keywatch', agent: agent.id },
    ...(extra.message !== undefined && { message: extra.message }),
    ...(extra.detail !== undefined && { detail: extra.detail }),
  };
}
