// `keywatch agent run`: loads the identity, opens the spool and starts the shipper (so events flow
// even before a policy arrives), gets the verified policy, starts each module that has a section
// in it, sends heartbeats with every module's health, and re-reads the policy now and then,
// restarting the modules whose section changed.
import { join } from 'node:path';
import type { NativeEvent } from '@keywatch/protocol';
import type { AgentContext, AgentModule } from './agent-module.ts';
import { loadIdentity, type AgentIdentity } from './identity/agent-identity.ts';
import type { LocalConfig } from './policy/agent-config.ts';
import { loadPolicy, type LoadedPolicy } from './policy/agent-policy.ts';
import { AgentShipper } from './shipper/agent-shipper.ts';
import { EventSpool } from './spool/event-spool.ts';
import { FileSpool } from './spool/file-spool.ts';
import { AgentClient } from './transport/agent-client.ts';
import { AGENT_VERSION } from './agent-version.ts';

export type LogFn = (level: 'debug' | 'info' | 'warn' | 'error', message: string) => void;

export interface RuntimeOptions {
  stateDir: string;
  config?: LocalConfig;
  modules: AgentModule[];
  log?: LogFn;
}

export class AgentRuntime {
  private identity!: AgentIdentity;
  private client!: AgentClient;
  private events!: EventSpool;
  private shipper!: AgentShipper;
  private policy: LoadedPolicy = { policy: {}, source: 'none' };
  private readonly running = new Map<string, string>();
  private timers: NodeJS.Timeout[] = [];
  private beat: NodeJS.Timeout | undefined;
  private beatMs = 0;
  private readonly log: LogFn;
  private readonly config: LocalConfig;

  constructor(private readonly opts: RuntimeOptions) {
    this.log = opts.log ?? (() => undefined);
    this.config = opts.config ?? {};
  }

  get agentId(): string {
    return this.identity.agentId;
  }

  async start(): Promise<void> {
    const { identity, privateKey } = loadIdentity(this.opts.stateDir);
    this.identity = identity;
    this.client = new AgentClient({
      server: identity.server,
      agentId: identity.agentId,
      privateKey,
    });
    const spool = await FileSpool.open({
      dir: join(this.opts.stateDir, 'spool'),
      ...(this.config.spool?.max_bytes !== undefined && { maxBytes: this.config.spool.max_bytes }),
      ...(this.config.spool?.segment_bytes !== undefined && {
        segmentBytes: this.config.spool.segment_bytes,
      }),
    });
    const torn = spool.stats().tornBytes;
    if (torn > 0) this.log('warn', `spool: cut a torn tail of ${torn} bytes left by a crash`);
    this.events = new EventSpool(spool, identity.agentId);
    this.shipper = new AgentShipper({
      spool,
      post: (path, json) => this.client.send('POST', path, json),
      ...(this.config.batch_records !== undefined && { batchRecords: this.config.batch_records }),
      ...(this.config.retry_max_seconds !== undefined && {
        maxBackoffMs: this.config.retry_max_seconds * 1000,
      }),
      log: (l, m) => this.log(l, m),
    });
    this.shipper.start();
    await this.refreshPolicy();
    this.armHeartbeat();
    void this.heartbeat();
    this.every((this.config.policy_refresh_seconds ?? 60) * 1000, () => this.refreshPolicy());
  }

  async stop(): Promise<void> {
    for (const t of this.timers) clearInterval(t);
    for (const m of this.opts.modules) if (this.running.has(m.name)) await m.stop();
    this.running.clear();
    await this.shipper.stop();
    await this.events.spool.close();
  }

  /** What the heartbeat carries: each module's health, the spool's and the shipper's. */
  health(): Record<string, unknown> {
    const modules: Record<string, unknown> = {};
    for (const m of this.opts.modules) if (this.running.has(m.name)) modules[m.name] = m.health();
    return {
      version: AGENT_VERSION,
      modules,
      spool: this.events.health(),
      shipper: this.shipper.health(),
      policy: {
        source: this.policy.source,
        issued: this.policy.issued ?? null,
        scope: this.policy.scope ?? null,
      },
    };
  }

  emit(event: NativeEvent): Promise<void> {
    return this.events.emit(event);
  }

  private context(name: string): AgentContext {
    return {
      agentId: this.identity.agentId,
      stateDir: join(this.opts.stateDir, name),
      emit: (e) => this.events.emit(e),
      request: (m, p, b) => this.client.request(m, p, b),
      log: (level, message) => this.log(level, `${name}: ${message}`),
    };
  }

  private async refreshPolicy(): Promise<void> {
    this.policy = await loadPolicy({
      stateDir: this.opts.stateDir,
      identity: this.identity,
      fetchNote: async () =>
        ((await this.client.request('GET', '/v1/agents/policy')) as { note: string }).note,
      local: this.config.policy,
      log: (l, m) => this.log(l, m),
    });
    for (const m of this.opts.modules) {
      const section = this.policy.policy[m.name];
      const text = section === undefined ? undefined : JSON.stringify(section);
      if (text === this.running.get(m.name)) continue;
      try {
        if (this.running.has(m.name)) await m.stop();
        this.running.delete(m.name);
        if (text !== undefined) {
          await m.start(this.context(m.name), section);
          this.running.set(m.name, text);
          this.log('info', `module ${m.name} started (policy from ${this.policy.source})`);
        }
      } catch (err) {
        this.log('error', `module ${m.name} did not start: ${(err as Error).message}`);
      }
    }
    if (this.beat) this.armHeartbeat();
  }

  /** (Re)starts the heartbeat timer when its interval (policy, else local config) changed. */
  private armHeartbeat(): void {
    const ms =
      (this.policyNumber('heartbeat_seconds') ?? this.config.heartbeat_seconds ?? 30) * 1000;
    if (ms === this.beatMs) return;
    if (this.beat) clearInterval(this.beat);
    this.beatMs = ms;
    this.beat = this.every(ms, () => this.heartbeat());
  }

  private async heartbeat(): Promise<void> {
    try {
      await this.client.request('POST', '/v1/agents/heartbeat', { health: this.health() });
    } catch (err) {
      this.log('debug', `heartbeat not delivered: ${(err as Error).message}`);
    }
  }

  private policyNumber(key: string): number | undefined {
    const v = this.policy.policy[key];
    return typeof v === 'number' && v > 0 ? v : undefined;
  }

  private every(ms: number, fn: () => Promise<void>): NodeJS.Timeout {
    let busy = false;
    const t = setInterval(() => {
      if (busy) return;
      busy = true;
      void fn().finally(() => (busy = false));
    }, ms);
    t.unref();
    this.timers.push(t);
    return t;
  }
}
