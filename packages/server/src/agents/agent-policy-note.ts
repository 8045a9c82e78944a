// Agent policies are signed by the log's key as a c2sp.org/signed-note whose text is a header line
// and one JSON line naming the agent, so a policy for one agent cannot be replayed to another.
// The agent checks it with the verifier key it received at enrollment before using it.
import { signNote } from '@keywatch/auditlog';
import { AGENT_POLICY_NOTE_HEADER, type AgentPolicyEnvelope } from '@keywatch/protocol';
import type { LogIdentity } from '../log-identity.ts';

export function signAgentPolicy(identity: LogIdentity, envelope: AgentPolicyEnvelope): string {
  // JSON.stringify escapes every control character, so the line holds no LF of its own.
  return signNote(`${AGENT_POLICY_NOTE_HEADER}\n${JSON.stringify(envelope)}\n`, [identity.signer]);
}
