// The contract between the agent runtime (enrollment, spool, shipper, policy) and what runs inside
// it (fim/, probes/, later keys/ and perf/). A module never talks to the network itself except
// through `request`; everything it observes leaves through `emit`, which spools durably first.
import type { NativeEvent } from '@keywatch/protocol';

export interface AgentContext {
  /** The enrolled agent's id (also `source.agent` of every event it emits). */
  readonly agentId: string;
  /** The agent's state directory: modules keep their resumable state under `<stateDir>/<name>/`. */
  readonly stateDir: string;
  /**
   * Appends an event to the spool; resolves once it is durable there (fsync). The runtime fills
   * in `id` (when absent), `source.agent`, `source.seq` and `source.host`.
   */
  emit(event: NativeEvent): Promise<void>;
  /** A signed JSON request to the server; rejects when the server cannot be reached. */
  request(method: 'GET' | 'POST' | 'PUT', path: string, body?: unknown): Promise<unknown>;
  /** Operational log line (never secrets). */
  log(level: 'debug' | 'info' | 'warn' | 'error', message: string): void;
}

export interface AgentModule {
  /** Also the key of its section in the agent policy, e.g. "fim", "probes". */
  readonly name: string;
  /** Starts (or restarts with a new policy section); must return promptly. */
  start(ctx: AgentContext, policy: unknown): Promise<void>;
  stop(): Promise<void>;
  /** Coverage and health facts reported with each heartbeat. */
  health(): Record<string, unknown>;
}
