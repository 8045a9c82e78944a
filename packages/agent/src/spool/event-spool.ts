// Events into the file spool: the runtime's `emit`. Each event gets its id (when the producer gave
// none), `source.agent`, `source.host` and `source.seq` (the spool's sequence number, so the
// server can tell gaps), and is durable when the promise resolves. When the spool is full the
// event is refused with SPOOL_FULL and counted, and the first refusal of an episode writes one
// agent.spool_full event into the room reserved for it; when room returns, agent.spool_resumed
// (also from the reserve) says how many were refused. Nothing is dropped without a trace.
import { hostname } from 'node:os';
import type { NativeEvent } from '@keywatch/protocol';
import { AgentError } from '../agent-error.ts';
import type { FileSpool } from './file-spool.ts';

export class EventSpool {
  /** Refused since start, and during the current full episode. */
  refusedTotal = 0;
  private refusedNow = 0;
  private full = false;
  private resuming = false;

  constructor(
    readonly spool: FileSpool,
    private readonly agentId: string,
    private readonly host: string = hostname(),
  ) {}

  async emit(event: NativeEvent): Promise<void> {
    try {
      await this.spool.append((seq) => this.encode(event, seq));
    } catch (err) {
      if (!(err instanceof AgentError) || err.code !== 'SPOOL_FULL') throw err;
      this.refusedTotal++;
      this.refusedNow++;
      if (!this.full) {
        this.full = true;
        await this.notice(
          'agent.spool_full',
          'high',
          'the spool is full: new events are refused until the server acknowledges',
          {},
          true,
        );
      }
      throw err;
    }
    if (this.full && !this.resuming) await this.resume();
  }

  /**
   * The episode's count goes into the reserve too, and is cleared only once it is durable: were it
   * refused (the spool full again), the count would be lost. Refusals that come while it is being
   * written stay counted for the next agent.spool_resumed. The event itself is stored already, so
   * a failure here is not the caller's (it would spool it twice): it is retried at the next emit.
   */
  private async resume(): Promise<void> {
    this.resuming = true;
    const refused = this.refusedNow;
    try {
      await this.notice(
        'agent.spool_resumed',
        'medium',
        `the spool has room again; ${refused} event(s) were refused`,
        { refused },
        true,
      );
      this.refusedNow -= refused;
      this.full = this.refusedNow > 0;
    } catch {
      // still full, reserve included: the next emit that fits tries again
    } finally {
      this.resuming = false;
    }
  }

  health(): Record<string, unknown> {
    return { ...this.spool.stats(), full: this.full, refused: this.refusedTotal };
  }

  private encode(event: NativeEvent, seq: number): Buffer {
    const stored: NativeEvent = {
      ...event,
      id: event.id ?? `${this.agentId}:${seq}`,
      source: { kind: 'agent', host: this.host, ...event.source, agent: this.agentId, seq },
    };
    return Buffer.from(JSON.stringify(stored), 'utf8');
  }

  private async notice(
    type: string,
    severity: 'high' | 'medium',
    message: string,
    detail: Record<string, unknown>,
    reserved: boolean,
  ): Promise<void> {
    const stats = this.spool.stats();
    const event: NativeEvent = {
      time: new Date().toISOString(),
      type,
      outcome: 'success',
      severity,
      actor: { id: this.agentId, type: 'agent' },
      target: { type: 'agent', id: this.agentId },
      message,
      detail: { ...detail, bytes: stats.bytes, max_bytes: stats.maxBytes, pending: stats.pending },
    };
    await this.spool.append((seq) => this.encode(event, seq), { reserved });
  }
}
