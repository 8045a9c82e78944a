// The storage contract of enrolled agents (migration 0003-agents). Every dialect implements it
// through agents/kysely-agent-store.ts and passes test/agent-store-tests.ts. What an agent may do
// (signatures, replay windows, silence) is the server's; the store makes each change atomic.

export interface AgentRecord {
  id: string;
  name: string;
  group: string | null;
  host: string | null;
  /** The agent's Ed25519 public key, base64 of the 32 raw bytes. */
  publicKey: string;
  enrolledMs: number;
  revokedMs: number | null;
  /** Last heartbeat (or shipped batch), epoch ms. */
  lastSeenMs: number | null;
  /** Highest `source.seq` the server has seen from it. */
  lastSeq: number | null;
  /** Marked silent (no heartbeat for the configured time) and not yet recovered. */
  silent: boolean;
  /** The health reported with the last heartbeat (JSON text), module by module. */
  health: string | null;
  /** The agent's own policy (JSON text); null means its group's, or the default. */
  policy: string | null;
}

export interface AgentStore {
  /** False when the id is taken (nothing written). */
  createAgent(agent: AgentRecord): Promise<boolean>;
  getAgent(id: string): Promise<AgentRecord | undefined>;
  /** By id. */
  listAgents(): Promise<AgentRecord[]>;
  /** True when this call revoked it (false: unknown or already revoked). */
  revokeAgent(id: string, atMs: number): Promise<boolean>;
  /** Records a heartbeat; with `health` it replaces the stored health. */
  touchAgent(id: string, atMs: number, health?: string): Promise<void>;
  /** Raises last_seq to `seq` if it is higher, never lowers it (one statement, atomic). */
  advanceSeq(id: string, seq: number): Promise<boolean>;
  /** True when this call changed the flag (so exactly one caller records the transition). */
  setSilent(id: string, silent: boolean): Promise<boolean>;
  setAgentPolicy(id: string, policy: string | null): Promise<boolean>;
  setGroupPolicy(group: string, policy: string, atMs: number): Promise<void>;
  getGroupPolicy(group: string): Promise<string | undefined>;
}
