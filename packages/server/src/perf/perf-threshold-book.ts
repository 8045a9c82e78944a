// Which performance limits apply to a host now. The configuration file's `server.perf.thresholds`
// is the starting point; a security officer or admin replaces it with PUT /v1/perf/thresholds,
// recorded as a perf.thresholds_changed event — the log is where the current set lives and its
// history, so it survives restarts and every process of a PostgreSQL deployment sees it (the latest
// change is looked up again at most once a minute). A host's group is its enrolled agent's.
import type { NativeEvent, StoredEvent } from '@keywatch/protocol';
import type { Principal } from '../auth/token-service.ts';
import type { ServerContext } from '../server-context.ts';
import {
  BUILT_IN_LIMITS,
  resolveLimits,
  validateThresholds,
  type PerfLimits,
  type PerfThresholdSet,
} from './perf-limits.ts';

export const THRESHOLDS_CHANGED = 'perf.thresholds_changed';
const REFRESH_MS = 60_000;

export interface ThresholdsView {
  thresholds: PerfThresholdSet;
  builtIn: PerfLimits;
  /** Where the set comes from: built in, the configuration file, or a change in the log. */
  source: { kind: 'built-in' | 'config' | 'event'; index?: number; time?: string; by?: string };
}

export class PerfThresholdBook {
  private readonly configured: PerfThresholdSet | undefined;
  private current: ThresholdsView;
  private checkedMs = -Infinity;
  private groups = new Map<string, string | null>();
  private groupsMs = -Infinity;

  constructor(private readonly ctx: ServerContext) {
    const raw = ctx.config.perf?.thresholds;
    // A bad configuration file stops the server at start, with the field at fault.
    this.configured = raw === undefined ? undefined : validateThresholds(raw);
    this.current = this.configured
      ? { thresholds: this.configured, builtIn: BUILT_IN_LIMITS, source: { kind: 'config' } }
      : { thresholds: {}, builtIn: BUILT_IN_LIMITS, source: { kind: 'built-in' } };
  }

  async view(nowMs = Date.now()): Promise<ThresholdsView> {
    if (nowMs - this.checkedMs >= REFRESH_MS) {
      this.checkedMs = nowMs;
      const [row] = await this.ctx.store.queryEvents({ types: [THRESHOLDS_CHANGED] }, 1);
      if (row) this.adopt(JSON.parse(Buffer.from(row.leaf).toString('utf8')) as StoredEvent);
    }
    return this.current;
  }

  private adopt(e: StoredEvent): void {
    if (this.current.source.index !== undefined && this.current.source.index >= e.index) return;
    let set: PerfThresholdSet;
    try {
      set = validateThresholds(e.detail?.['thresholds']);
    } catch {
      return; // only this book writes these events; a foreign malformed one changes nothing
    }
    this.current = {
      thresholds: set,
      builtIn: BUILT_IN_LIMITS,
      source: { kind: 'event', index: e.index, time: e.time, by: e.actor.id ?? 'unknown' },
    };
  }

  async limitsFor(
    host: string,
    agent: string | undefined,
    nowMs = Date.now(),
  ): Promise<PerfLimits> {
    const { thresholds } = await this.view(nowMs);
    if (thresholds.groups === undefined) return resolveLimits(thresholds, host, null);
    if (Date.now() - this.groupsMs >= REFRESH_MS) {
      this.groupsMs = Date.now();
      this.groups = new Map();
      for (const a of await this.ctx.agents.list()) {
        for (const k of [a.host, a.name]) if (k !== null) this.groups.set(`h:${k}`, a.group);
        this.groups.set(`a:${a.id}`, a.group);
      }
    }
    const group =
      (agent !== undefined ? this.groups.get(`a:${agent}`) : undefined) ??
      this.groups.get(`h:${host}`) ??
      null;
    return resolveLimits(thresholds, host, group);
  }

  /** Replaces the set (validated), recorded in the log as the person's action. */
  async change(raw: unknown, by: Principal): Promise<ThresholdsView> {
    const set = validateThresholds(raw);
    const previous = (await this.view()).thresholds;
    const event: NativeEvent = {
      time: new Date().toISOString(),
      type: THRESHOLDS_CHANGED,
      outcome: 'success',
      actor: { id: by.name, roles: [by.role], type: by.person ? 'user' : 'service' },
      target: { type: 'perf_thresholds', id: 'perf' },
      source: { kind: 'keywatch' },
      severity: 'low',
      message: `performance thresholds changed by ${by.name}`,
      detail: { thresholds: set, previous },
    };
    const r = await this.ctx.sequencer.record(event);
    this.adopt({ ...event, index: (r as { index: number }).index } as StoredEvent);
    this.groupsMs = -Infinity; // new group overrides: look the agents' groups up again
    return this.current;
  }
}
