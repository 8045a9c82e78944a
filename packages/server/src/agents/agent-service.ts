// The server side of agents (docs/agents.md): enrollment, the signed transport, their events and
// heartbeats, policies, revocation, and the watch for silent agents.
import type { AgentPolicyEnvelope } from '@keywatch/protocol';
import type { AgentRecord, LogStore } from '@keywatch/store';
import { ApiError } from '../api-error.ts';
import type { Principal } from '../auth/token-service.ts';
import type { LogIdentity } from '../log-identity.ts';
import type { Sequencer } from '../sequencer/sequencer.ts';
import { AgentEnrollment, checkName } from './agent-enrollment.ts';
import { agentEvent } from './agent-events.ts';
import { AgentIngest } from './agent-ingest.ts';
import { signAgentPolicy } from './agent-policy-note.ts';
import { AgentRequestAuth } from './agent-request-auth.ts';
import { SilenceMonitor, type AgentSettings } from './silence-monitor.ts';

export type { AgentSettings } from './silence-monitor.ts';

export interface AgentView {
  id: string;
  name: string;
  group: string | null;
  host: string | null;
  status: 'active' | 'silent' | 'revoked';
  enrolled: string;
  last_heartbeat: string | null;
  last_seq: number | null;
  health: unknown;
}

const iso = (ms: number | null): string | null => (ms === null ? null : new Date(ms).toISOString());

export class AgentService {
  readonly enrollment: AgentEnrollment;
  readonly auth: AgentRequestAuth;
  readonly events: AgentIngest;
  private readonly monitor: SilenceMonitor;

  constructor(
    private readonly store: LogStore,
    private readonly sequencer: Sequencer,
    private readonly identity: LogIdentity,
    settings: AgentSettings = {},
    private readonly now: () => number = Date.now,
  ) {
    this.enrollment = new AgentEnrollment(store, sequencer, identity, now);
    this.auth = new AgentRequestAuth(store.agents(), now);
    this.events = new AgentIngest(store, sequencer, now);
    this.monitor = new SilenceMonitor(store, sequencer, settings, now);
  }

  start(): void {
    this.monitor.start();
  }

  stop(): Promise<void> {
    return this.monitor.stop();
  }

  /** The silence check, once (the monitor runs it on a timer). */
  checkSilence(): Promise<void> {
    return this.monitor.check();
  }

  async get(id: string): Promise<AgentRecord> {
    const agent = await this.store.agents().getAgent(id);
    if (!agent) throw new ApiError('NOT_FOUND', `no agent ${id}`);
    return agent;
  }

  async list(): Promise<AgentView[]> {
    return (await this.store.agents().listAgents()).map((a) => ({
      id: a.id,
      name: a.name,
      group: a.group,
      host: a.host,
      status: a.revokedMs !== null ? 'revoked' : a.silent ? 'silent' : 'active',
      enrolled: new Date(a.enrolledMs).toISOString(),
      last_heartbeat: iso(a.lastSeenMs),
      last_seq: a.lastSeq,
      health: a.health === null ? null : (JSON.parse(a.health) as unknown),
    }));
  }

  async revoke(id: string, by: Principal, reason: string | undefined): Promise<void> {
    const agent = await this.get(id);
    if (!(await this.store.agents().revokeAgent(id, this.now())))
      throw new ApiError('CONFLICT', `agent ${id} is already revoked`);
    await this.sequencer.record(
      agentEvent('agent.revoked', agent, by, {
        severity: 'medium',
        message: `agent ${agent.name} revoked${reason ? `: ${reason}` : ''}`,
        ...(reason !== undefined && { detail: { reason } }),
      }),
    );
  }

  async heartbeat(agent: AgentRecord, health: unknown): Promise<void> {
    await this.store.agents().touchAgent(agent.id, this.now(), JSON.stringify(health ?? {}));
    if (await this.store.agents().setSilent(agent.id, false)) {
      await this.sequencer.record(
        agentEvent('agent.recovered', agent, undefined, {
          message: `agent ${agent.name} is heard from again`,
        }),
      );
    }
  }

  async setPolicy(
    scope: { agent: string } | { group: string },
    policy: unknown,
    by: Principal,
  ): Promise<void> {
    if (policy === null || typeof policy !== 'object' || Array.isArray(policy))
      throw new ApiError('BAD_REQUEST', 'a policy is a JSON object, one section per module');
    const text = JSON.stringify(policy);
    if ('agent' in scope) {
      const agent = await this.get(scope.agent);
      await this.store.agents().setAgentPolicy(agent.id, text);
    } else {
      checkName(scope.group, 'group');
      await this.store.agents().setGroupPolicy(scope.group, text, this.now());
    }
    const target =
      'agent' in scope
        ? await this.get(scope.agent)
        : { id: `group:${scope.group}`, name: scope.group };
    await this.sequencer.record(
      agentEvent('agent.policy_changed', target, by, {
        severity: 'medium',
        detail: { scope: 'agent' in scope ? 'agent' : 'group', policy },
      }),
    );
  }

  /** The agent's own policy, else its group's, else an empty one; signed by the log's key. */
  async signedPolicy(agent: AgentRecord): Promise<string> {
    const group =
      agent.group === null ? undefined : await this.store.agents().getGroupPolicy(agent.group);
    const text = agent.policy ?? group ?? '{}';
    const envelope: AgentPolicyEnvelope = {
      agent: agent.id,
      scope: agent.policy !== null ? 'agent' : group !== undefined ? 'group' : 'default',
      issued: new Date(this.now()).toISOString(),
      policy: JSON.parse(text) as Record<string, unknown>,
    };
    return signAgentPolicy(this.identity, envelope);
  }
}
