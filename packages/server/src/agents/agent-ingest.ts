// POST /v1/agents/events: an agent's batch goes through the same ingest path as POST /v1/events
// (validation, quarantine, the sequencer, idempotency by event id). Agents write only their own
// events. Sequence numbers (`source.seq`, 1, 2, 3 … per agent) are checked after the commit: a
// jump past last_seq + 1 is recorded as agent.sequence_gap, with an id that makes a re-shipped
// batch record the same gap once.
import type { IngestResponse } from '@keywatch/protocol';
import type { AgentRecord, LogStore } from '@keywatch/store';
import { ApiError } from '../api-error.ts';
import type { Principal } from '../auth/token-service.ts';
import type { Sequencer } from '../sequencer/sequencer.ts';
import { ingestItems } from '../services/ingest-service.ts';
import { agentEvent } from './agent-events.ts';

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => v !== null && typeof v === 'object' && !Array.isArray(v);

export class AgentIngest {
  /** One batch per agent at a time, so the gap check reads a settled last_seq. */
  private readonly locks = new Map<string, Promise<unknown>>();
  constructor(
    private readonly store: LogStore,
    private readonly sequencer: Sequencer,
    private readonly now: () => number = Date.now,
  ) {}

  async ingest(agent: AgentRecord, principal: Principal, body: unknown): Promise<IngestResponse> {
    const list =
      isObj(body) && Array.isArray(body['events']) ? (body['events'] as unknown[]) : undefined;
    if (!list) throw new ApiError('BAD_REQUEST', 'send {"events":[…]}');
    const seqs: number[] = [];
    const items = list.map((value) => {
      if (isObj(value)) {
        const source = isObj(value['source']) ? value['source'] : {};
        if (source['agent'] !== undefined && source['agent'] !== agent.id)
          throw new ApiError(
            'FORBIDDEN',
            `an agent may only send its own events (source.agent ${agent.id})`,
          );
        const seq = source['seq'];
        if (typeof seq === 'number' && Number.isSafeInteger(seq) && seq > 0) seqs.push(seq);
        value = { ...value, source: { ...source, agent: agent.id } };
      }
      return { value, raw: JSON.stringify(value) ?? String(value) };
    });
    const result = await ingestItems(items, {
      store: this.store,
      sequencer: this.sequencer,
      principal,
    });
    await this.serial(agent.id, () => this.checkSequence(agent, seqs));
    return result;
  }

  private async checkSequence(agent: AgentRecord, seqs: number[]): Promise<void> {
    const agents = this.store.agents();
    const fresh = await agents.getAgent(agent.id);
    let last = fresh?.lastSeq ?? 0;
    for (const seq of [...new Set(seqs)].sort((a, b) => a - b)) {
      if (seq > last + 1) await this.recordGap(agent, last + 1, seq - 1);
      last = Math.max(last, seq);
    }
    if (seqs.length > 0) await agents.advanceSeq(agent.id, last);
    await agents.touchAgent(agent.id, this.now());
  }

  private async recordGap(agent: AgentRecord, from: number, to: number): Promise<void> {
    await this.sequencer.record(
      agentEvent('agent.sequence_gap', agent, undefined, {
        id: `${agent.id}:gap:${from}-${to}`,
        severity: 'high',
        message: `agent ${agent.name}: ${to - from + 1} event(s) missing (seq ${from}…${to})`,
        detail: { from, to, missing: to - from + 1 },
      }),
    );
  }

  private async serial<T>(key: string, fn: () => Promise<T>): Promise<T> {
    const prev = this.locks.get(key) ?? Promise.resolve();
    const next = prev.then(fn, fn);
    this.locks.set(key, next);
    try {
      return await next;
    } finally {
      if (this.locks.get(key) === next) this.locks.delete(key);
    }
  }
}
