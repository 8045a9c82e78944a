// Server side of assessment (docs/sca.md): results from the log, software baselines per host
// group (kept as software.baseline_approved events: the log is their store and their history),
// and software assessment — drift from the group's baseline and versions the offline
// vulnerability feed (<data dir>/sca/vulnerability-feed.xml) knows to be vulnerable.
import { join } from 'node:path';
import type { NativeEvent, StoredEvent } from '@keywatch/protocol';
import type { EventFilter } from '@keywatch/store';
import { ApiError } from '../api-error.ts';
import type { Principal } from '../auth/token-service.ts';
import type { ServerContext } from '../server-context.ts';
import { buildReport } from './sca-report.ts';
import {
  softwareDrift,
  vulnerablePackages,
  type Pkg,
  type SoftwareBaseline,
} from './software-assessor.ts';
import { FeedError, loadFeed } from './vulnerability-feed.ts';

const CHECK_TYPES = ['sca.check_passed', 'sca.check_failed', 'sca.check_result'];
const LIMIT = 10_000;

export class ScaService {
  constructor(private readonly ctx: ServerContext) {}

  private async events(filter: EventFilter, limit = LIMIT): Promise<StoredEvent[]> {
    const rows = await this.ctx.store.queryEvents(filter, limit);
    return rows.map((r) => JSON.parse(Buffer.from(r.leaf).toString('utf8')) as StoredEvent);
  }

  async results(host: string | undefined, policy: string | undefined) {
    const base: EventFilter = host === undefined ? {} : { host };
    let scans = await this.events({ ...base, types: ['sca.scan_completed'] });
    let checks = await this.events({ ...base, types: CHECK_TYPES });
    if (policy !== undefined) {
      scans = scans.filter((e) => e.detail?.['policy'] === policy);
      checks = checks.filter((e) => e.detail?.['policy'] === policy);
    }
    const findings = (await this.events({ ...base, typePrefix: 'software.' }, 1000))
      .filter((e) => e.type === 'software.drift' || e.type === 'software.vulnerable')
      .map((e) => ({
        index: e.index,
        time: e.time,
        type: e.type,
        host: e.source?.host ?? null,
        message: e.message ?? '',
        detail: e.detail ?? {},
      }));
    return { host: host ?? null, ...buildReport(scans, checks), findings };
  }

  async approveBaseline(b: SoftwareBaseline, by: Principal): Promise<{ index: number }> {
    const r = await this.ctx.sequencer.record({
      time: new Date().toISOString(),
      type: 'software.baseline_approved',
      outcome: 'success',
      actor: { id: by.name, roles: [by.role], type: 'user' },
      target: { type: 'host_group', id: b.group },
      source: { kind: 'keywatch' },
      severity: 'info',
      message: `software baseline of ${b.group} approved: ${Object.keys(b.packages).length} packages`,
      detail: { ...b },
    });
    return { index: (r as { index: number }).index };
  }

  private async baselines(): Promise<Map<string, SoftwareBaseline>> {
    const out = new Map<string, SoftwareBaseline>();
    for (const e of await this.events({ types: ['software.baseline_approved'] }, 1000)) {
      const b = e.detail as unknown as SoftwareBaseline;
      if (!out.has(b.group)) out.set(b.group, b); // newest first: the latest approval wins
    }
    return out;
  }

  /** Assesses the latest inventory of each host (or one host) and records the findings. */
  async assess(host: string | undefined) {
    let feed;
    try {
      feed = await loadFeed(join(this.ctx.config.dataDir ?? '.', 'sca', 'vulnerability-feed.xml'));
    } catch (err) {
      if (err instanceof FeedError)
        throw new ApiError('BAD_REQUEST', `FEED_INVALID: ${err.message}`);
      throw err;
    }
    const baselines = await this.baselines();
    const groupOfAgent = new Map((await this.ctx.agents.list()).map((a) => [a.id, a.group]));
    const seen = new Set<string>();
    const out: { host: string; group: string | null; drift: number; vulnerable: number }[] = [];
    const filter: EventFilter = {
      types: ['software.inventory'],
      ...(host !== undefined && { host }),
    };
    for (const inv of await this.events(filter, 1000)) {
      const h = inv.source?.host;
      if (!h || seen.has(h)) continue;
      seen.add(h);
      const agent = inv.source?.agent;
      const group =
        (agent !== undefined ? groupOfAgent.get(agent) : undefined) ??
        [...baselines.values()].find((b) => b.hosts.includes(h))?.group ??
        null;
      const pkgs = (inv.detail?.['packages'] ?? []) as Pkg[];
      const events: NativeEvent[] = [];
      const baseline = group === null ? undefined : baselines.get(group);
      const drift = baseline ? softwareDrift(pkgs, baseline) : [];
      if (drift.length > 0)
        events.push(
          this.finding(
            'software.drift',
            h,
            inv,
            'medium',
            `${h} differs from the ${group} baseline in ${drift.length} packages`,
            { group, changes: drift },
          ),
        );
      const vulns = feed ? vulnerablePackages(pkgs, feed) : [];
      for (const v of vulns)
        events.push(
          this.finding(
            'software.vulnerable',
            h,
            inv,
            'high',
            `${h}: ${v.package} ${v.installed} is vulnerable (${v.cves.join(', ') || v.definition}); fixed in ${v.fixed}`,
            { ...v },
          ),
        );
      for (const e of events) await this.ctx.sequencer.record(e);
      out.push({ host: h, group, drift: drift.length, vulnerable: vulns.length });
    }
    return {
      feed: feed ? { entries: feed.entries.length, skipped: feed.skipped } : null,
      hosts: out,
    };
  }

  private finding(
    type: string,
    host: string,
    inv: StoredEvent,
    severity: 'medium' | 'high',
    message: string,
    detail: Record<string, unknown>,
  ): NativeEvent {
    return {
      time: new Date().toISOString(),
      type,
      outcome: 'failure',
      actor: { id: 'keywatch-sca', type: 'service', roles: ['service'] },
      target: { type: 'host', id: host },
      source: {
        kind: 'keywatch',
        host,
        ...(inv.source?.agent !== undefined && { agent: inv.source.agent }),
      },
      severity,
      message,
      detail: { ...detail, inventory_index: inv.index },
    };
  }
}
