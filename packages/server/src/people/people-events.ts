// The events that sign-ins, sessions and user administration write into the log
// (docs/event-types.md). Every one names the person acting and the account concerned.
import type { NativeEvent } from '@keywatch/protocol';

export interface ActorRef {
  id: string;
  role: string;
  ip?: string;
  session?: string;
}

export function peopleEvent(o: {
  type: string;
  outcome: 'success' | 'failure';
  actor: ActorRef;
  target: { type: 'user' | 'session'; id: string };
  message: string;
  severity?: NativeEvent['severity'];
  detail?: Record<string, unknown>;
}): NativeEvent {
  return {
    time: new Date().toISOString(),
    type: o.type,
    outcome: o.outcome,
    severity: o.severity ?? (o.outcome === 'failure' ? 'medium' : 'info'),
    actor: {
      id: o.actor.id,
      roles: [o.actor.role],
      type: 'user',
      ...(o.actor.ip !== undefined && { ip: o.actor.ip }),
      ...(o.actor.session !== undefined && { session: o.actor.session }),
    },
    target: o.target,
    source: { kind: 'keywatch' },
    message: o.message,
    ...(o.detail !== undefined && { detail: o.detail }),
  };
}
