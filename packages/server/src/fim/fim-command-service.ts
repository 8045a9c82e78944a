// Re-baseline and restore as role-checked requests (docs/fim.md): a security officer or admin
// queues a command for one agent (recorded in the log); the agent polls its pending commands with
// a signed request, carries them out and reports the result. A restore command carries the path's
// recorded attributes and known-good hash from the latest approved baseline, so the agent needs
// nothing else but the content.
import { randomBytes } from 'node:crypto';
import type { AgentRecord, FimCommandRecord, LogStore } from '@keywatch/store';
import { ApiError } from '../api-error.ts';
import type { Principal } from '../auth/token-service.ts';
import type { Sequencer } from '../sequencer/sequencer.ts';
import { fimServerEvent } from './fim-events.ts';

export interface CommandView {
  id: string;
  kind: 'rebaseline' | 'restore';
  path: string | null;
  requested_by: string;
  requested: string;
  status: string;
  completed: string | null;
  result: unknown;
  /** Restore only: the known-good hash and recorded attributes. */
  sha256?: string;
  attributes?: unknown;
}

function view(c: FimCommandRecord): CommandView {
  return {
    id: c.id,
    kind: c.kind,
    path: c.path,
    requested_by: c.requestedBy,
    requested: new Date(c.requestedMs).toISOString(),
    status: c.status,
    completed: c.completedMs === null ? null : new Date(c.completedMs).toISOString(),
    result: c.result === null ? null : (JSON.parse(c.result) as unknown),
  };
}

export class FimCommandService {
  constructor(
    private readonly store: LogStore,
    private readonly sequencer: Sequencer,
    private readonly now: () => number = Date.now,
  ) {}

  async requestRebaseline(
    agent: AgentRecord,
    by: Principal,
    reason?: string,
  ): Promise<CommandView> {
    const c = await this.add(agent, 'rebaseline', null, by);
    await this.sequencer.record(
      fimServerEvent('fim.rebaseline_requested', agent, by, {
        severity: 'medium',
        message: `FIM re-baseline of ${agent.name} requested by ${by.name}`,
        detail: { command: c.id, ...(reason !== undefined && { reason }) },
      }),
    );
    return view(c);
  }

  async requestRestore(agent: AgentRecord, path: string, by: Principal): Promise<CommandView> {
    const latest = await this.store.fim().latestBaseline(agent.id);
    const sha256 = latest?.knownGood[path];
    if (sha256 === undefined)
      throw new ApiError(
        'FIM_NO_KNOWN_GOOD',
        `agent ${agent.id} has no known-good copy of ${path}`,
      );
    const c = await this.add(agent, 'restore', path, by);
    await this.sequencer.record(
      fimServerEvent('fim.restore_requested', agent, by, {
        severity: 'medium',
        message: `restore of ${path} on ${agent.name} requested by ${by.name}`,
        detail: { command: c.id, sha256, baseline_version: latest!.version },
        file: path,
      }),
    );
    return view(c);
  }

  /** For the agent: its pending commands, oldest first, restores with hash and attributes. */
  async pending(agent: AgentRecord): Promise<CommandView[]> {
    const fim = this.store.fim();
    const list = await fim.listCommands(agent.id, { pendingOnly: true, limit: 100 });
    if (list.length === 0) return [];
    const latest = await fim.latestBaseline(agent.id);
    const entries = latest
      ? (JSON.parse(latest.baseline) as { entries: Record<string, unknown> }).entries
      : {};
    return list.map((c) =>
      c.kind === 'restore' && c.path !== null
        ? {
            ...view(c),
            ...(latest?.knownGood[c.path] !== undefined && { sha256: latest.knownGood[c.path] }),
            ...(entries[c.path] !== undefined && { attributes: entries[c.path] }),
          }
        : view(c),
    );
  }

  /** The agent reports a command's outcome (a re-baseline completes by its upload instead). */
  async complete(agent: AgentRecord, id: string, ok: boolean, result: unknown): Promise<void> {
    const c = await this.store.fim().getCommand(id);
    if (c?.agentId !== agent.id) throw new ApiError('NOT_FOUND', `no command ${id} for this agent`);
    const text = JSON.stringify(result ?? {});
    if (!(await this.store.fim().completeCommand(id, ok ? 'done' : 'failed', this.now(), text)))
      throw new ApiError('CONFLICT', `command ${id} is not pending`);
  }

  async recent(agentId: string): Promise<CommandView[]> {
    return (await this.store.fim().listCommands(agentId, { limit: 200 })).map(view);
  }

  private async add(
    agent: AgentRecord,
    kind: 'rebaseline' | 'restore',
    path: string | null,
    by: Principal,
  ): Promise<FimCommandRecord> {
    if (agent.revokedMs !== null) throw new ApiError('CONFLICT', `agent ${agent.id} is revoked`);
    const c: FimCommandRecord = {
      id: `fc-${randomBytes(8).toString('hex')}`,
      agentId: agent.id,
      kind,
      path,
      requestedBy: by.name,
      requestedMs: this.now(),
      status: 'pending',
      completedMs: null,
      result: null,
    };
    await this.store.fim().addCommand(c);
    return c;
  }
}
