// The signed agent transport (docs/agents.md): after enrollment every request an agent makes carries
// an Ed25519 signature over this string, so the server can tell the agent, the exact request and
// its body, and refuse replays (timestamp window plus a nonce remembered for that window).

export const AGENT_HEADERS = {
  agent: 'keywatch-agent',
  timestamp: 'keywatch-timestamp',
  nonce: 'keywatch-nonce',
  contentSha256: 'keywatch-content-sha256',
  signature: 'keywatch-signature',
  /** On the server's answers: its clock, epoch ms (an agent learns its offset from it). */
  serverTime: 'keywatch-server-time',
} as const;

/** How old a request may be; none may be ahead of the server clock (server agent-request-auth.ts). */
export const AGENT_CLOCK_SKEW_MS = 5 * 60 * 1000;

export interface AgentSigningInput {
  method: string;
  /** Path and query exactly as sent, e.g. `/v1/agents/policy?x=1`. */
  pathAndQuery: string;
  /** Lowercase hex SHA-256 of the body bytes (of the empty string when there is none). */
  contentSha256: string;
  agentId: string;
  /** Epoch milliseconds, decimal. */
  timestamp: string;
  nonce: string;
}

/** One field per line, after a version line; no field may hold a newline (checked by callers). */
export function agentSigningString(i: AgentSigningInput): string {
  return [
    'keywatch-agent-request/v1',
    i.method.toUpperCase(),
    i.pathAndQuery,
    i.contentSha256,
    i.agentId,
    i.timestamp,
    i.nonce,
  ].join('\n');
}

/** The first line of a signed policy note (c2sp.org/signed-note text), then one JSON line. */
export const AGENT_POLICY_NOTE_HEADER = 'keywatch-agent-policy/v1';

export interface AgentPolicyEnvelope {
  agent: string;
  /** Where the policy came from: the agent's own, its group's, or the empty default. */
  scope: 'agent' | 'group' | 'default';
  issued: string;
  policy: Record<string, unknown>;
}

export interface AgentEnrollResponse {
  agent_id: string;
  /** The log's verifier key: the agent checks policy signatures with it. */
  verifier_key: string;
  origin: string;
  name: string;
  group: string | null;
}
