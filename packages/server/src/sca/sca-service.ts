// Server side of assessment (docs/sca.md): results from the log, software baselines per host
// group (kept as software.baseline_approved events: the log is their store and their history),
// and software assessment — drift from the group's baseline and versions the offline
// vulnerability feed (<data dir>/sca/vulnerability-feed.xml) knows to be vulnerable. The
// assessment runs by itself on each reported inventory (software-follower.ts) and on request.
import { createHash } from 'node:crypto';
import { stat } from 'node:fs/promises';
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
import { FeedError, loadFeed, type VulnerabilityFeed } from './vulnerability-feed.ts';

const CHECK_TYPES = ['sca.check_passed', 'sca.check_failed', 'sca.check_result'];
/**
 * A feed older than this misses the vulnerable versions published since (Debian's is remade
 * daily): software assessment with it records sca.feed_stale, once per feed.
 */
export const FEED_MAX_AGE_DAYS = 7;
const DAY_MS = 86_400_000;

export interface FeedFreshness {
  generated_at: string | null;
  age_days: number | null;
  /** Older than FEED_MAX_AGE_DAYS, or no generation time to tell. */
  stale: boolean;
}

export function feedFreshness(feed: VulnerabilityFeed, nowMs = Date.now()): FeedFreshness {
  if (feed.generatedAt === undefined) return { generated_at: null, age_days: null, stale: true };
  const age = Math.floor((nowMs - Date.parse(feed.generatedAt)) / DAY_MS);
  return { generated_at: feed.generatedAt, age_days: age, stale: age > FEED_MAX_AGE_DAYS };
}
const LIMIT = 10_000;

/** What one assessment compares with: the feed, the baselines, each agent's group. */
export interface AssessmentBasis {
  feed: VulnerabilityFeed | undefined;
  baselines: Map<string, SoftwareBaseline>;
  groupOfAgent: Map<string, string | null>;
}

export interface HostAssessment {
  host: string;
  group: string | null;
  drift: number;
  vulnerable: number;
}

export class ScaService {
  /** The parsed feed, kept while the file's size and mtime stay the same (a full feed is large). */
  private feedCache: { key: string; feed: VulnerabilityFeed | undefined } | undefined;
  /** The (cached) feed whose sca.feed_stale is in the log. */
  private staleRecorded: VulnerabilityFeed | undefined;

  constructor(private readonly ctx: ServerContext) {}

  private async feed(): Promise<VulnerabilityFeed | undefined> {
    const path = join(this.ctx.config.dataDir ?? '.', 'sca', 'vulnerability-feed.xml');
    const st = await stat(path).catch(() => undefined);
    const key = st ? `${st.size}:${st.mtimeMs}` : 'absent';
    if (this.feedCache?.key !== key) this.feedCache = { key, feed: await loadFeed(path) };
    return this.feedCache.feed;
  }

  /** The feed (FeedError when it is malformed), the latest baselines and the agents' groups. */
  async basis(opts: { withoutFeed?: boolean } = {}): Promise<AssessmentBasis> {
    return {
      feed: opts.withoutFeed ? undefined : await this.feed(),
      baselines: await this.baselines(),
      groupOfAgent: new Map((await this.ctx.agents.list()).map((a) => [a.id, a.group])),
    };
  }

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
  async assess(host: string | undefined, onlyGroup?: string) {
    let basis: AssessmentBasis;
    try {
      basis = await this.basis();
    } catch (err) {
      if (err instanceof FeedError)
        throw new ApiError('BAD_REQUEST', `FEED_INVALID: ${err.message}`);
      throw err;
    }
    const seen = new Set<string>();
    const out: HostAssessment[] = [];
    const filter: EventFilter = {
      types: ['software.inventory'],
      ...(host !== undefined && { host }),
    };
    for (const inv of await this.events(filter, 1000)) {
      const h = inv.source?.host;
      if (!h || seen.has(h)) continue;
      seen.add(h);
      if (onlyGroup !== undefined && this.groupOf(inv, h, basis) !== onlyGroup) continue;
      const r = await this.assessInventory(inv, basis);
      if (r) out.push(r);
    }
    const { feed } = basis;
    if (feed) await this.recordStaleFeed(feed);
    return {
      feed: feed
        ? { entries: feed.entries.length, skipped: feed.skipped, ...feedFreshness(feed) }
        : null,
      hosts: out,
    };
  }

  /**
   * sca.feed_stale when the feed is too old to trust (or says nothing of its age). Its id follows
   * the feed's generation time, so each stale feed is recorded once however often it is used.
   */
  async recordStaleFeed(feed: VulnerabilityFeed): Promise<void> {
    const f = feedFreshness(feed);
    // The follower asks on every commit with an inventory: once recorded, no append to dedupe.
    if (!f.stale || this.staleRecorded === feed) return;
    const why =
      f.age_days === null
        ? 'says nothing of when it was made'
        : `was made ${f.age_days} days ago (${f.generated_at})`;
    await this.ctx.sequencer.appendOwn([
      {
        id: `sca.feed_stale:${f.generated_at ?? `undated-${feed.entries.length}-${feed.skipped}`}`,
        time: new Date().toISOString(),
        type: 'sca.feed_stale',
        outcome: 'failure',
        actor: { id: 'keywatch-sca', type: 'service', roles: ['service'] },
        target: { type: 'vulnerability_feed', id: 'sca/vulnerability-feed.xml' },
        source: { kind: 'keywatch' },
        severity: 'medium',
        message: `the vulnerability feed ${why}: versions found vulnerable since are not flagged; replace <data dir>/sca/vulnerability-feed.xml`,
        detail: { ...f, max_age_days: FEED_MAX_AGE_DAYS, entries: feed.entries.length },
      },
    ]);
    this.staleRecorded = feed;
  }

  private groupOf(inv: StoredEvent, host: string, basis: AssessmentBasis): string | null {
    const agent = inv.source?.agent;
    return (
      (agent !== undefined ? basis.groupOfAgent.get(agent) : undefined) ??
      [...basis.baselines.values()].find((b) => b.hosts.includes(host))?.group ??
      null
    );
  }

  /** One software.inventory event against its group's baseline and the feed: findings logged. */
  async assessInventory(
    inv: StoredEvent,
    basis: AssessmentBasis,
  ): Promise<HostAssessment | undefined> {
    const h = inv.source?.host;
    if (!h) return undefined;
    const group = this.groupOf(inv, h, basis);
    const raw = inv.detail?.['packages'];
    const pkgs = (Array.isArray(raw) ? raw : []).filter(
      (p): p is Pkg =>
        typeof p === 'object' &&
        p !== null &&
        typeof (p as Pkg).name === 'string' &&
        typeof (p as Pkg).version === 'string',
    );
    const events: NativeEvent[] = [];
    const baseline = group === null ? undefined : basis.baselines.get(group);
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
    const vulns = basis.feed ? vulnerablePackages(pkgs, basis.feed) : [];
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
    // The id follows the inventory and the finding, so assessing the same inventory again (by
    // itself and on request, or after a restart) records nothing twice.
    const idOf = (e: NativeEvent): string =>
      `${e.type}:${createHash('sha256')
        .update(`${inv.id}\0${JSON.stringify(e.detail)}`)
        .digest('hex')}`;
    if (events.length > 0)
      await this.ctx.sequencer.appendOwn(events.map((e) => ({ ...e, id: idOf(e) })));
    return { host: h, group, drift: drift.length, vulnerable: vulns.length };
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
