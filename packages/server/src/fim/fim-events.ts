// Events the server records about FIM baselines and commands (docs/event-types.md): the actor is
// the person who asked (re-baseline, restore) or the agent that uploaded its first baseline; the
// target is the agent (or the file, for a restore request).
import type { NativeEvent, Severity } from '@keywatch/protocol';
import type { AgentRecord } from '@keywatch/store';
import type { Principal } from '../auth/token-service.ts';

export type FimActor = Principal | { agent: Pick<AgentRecord, 'id'> } | { name: string };

function actorOf(by: FimActor): NativeEvent['actor'] {
  if ('agent' in by) return { id: by.agent.id, type: 'agent' };
  if ('role' in by) return { id: by.name, roles: [by.role], type: by.person ? 'user' : 'service' };
  return { id: by.name, type: 'user' };
}

export function fimServerEvent(
  type: string,
  agent: Pick<AgentRecord, 'id' | 'name'>,
  by: FimActor,
  extra: {
    severity?: Severity;
    message: string;
    detail: Record<string, unknown>;
    file?: string;
  },
): NativeEvent {
  return {
    time: new Date().toISOString(),
    type,
    outcome: 'success',
    severity: extra.severity ?? 'info',
    actor: actorOf(by),
    target:
      extra.file !== undefined
        ? { type: 'file', id: extra.file }
        : { type: 'agent', id: agent.id, name: agent.name },
    source: { kind: 'keywatch', agent: agent.id },
    message: extra.message,
    detail: { agent: agent.id, ...extra.detail },
  };
}
