// Notification channels managed by security officers through the API (docs/alerts.md,
// "Managing channels"), beside those of the configuration file. API channels live in the store
// (meta `alerting.channels`) so every server process of a log delivers alike; a change rebuilds
// the notifiers and the routing, swaps them into the dispatcher and the alert service, and only
// then is stored. Configuration-file channels are read-only here. Secrets are kept, never shown.
import type { AlertService, ChannelRoute, Notifier, OutboxDispatcher } from '@keywatch/alert';
import type { LogStore } from '@keywatch/store';
import { ApiError } from '../api-error.ts';
import { buildNotifiers, type AlertingConfig, type ChannelConfig } from './alerting-config.ts';

const KEY = 'alerting.channels';

export type ChannelRouteSpec = Omit<ChannelRoute, 'name'>;

export interface ManagedChannel {
  channel: ChannelConfig;
  /** Which alerts it receives; absent: none (a channel without a route is only configured). */
  route?: ChannelRouteSpec;
  origin: 'config' | 'api';
}

export class ChannelManager {
  private api: ManagedChannel[];
  private notifiers: Map<string, Notifier>;

  private constructor(
    private readonly store: LogStore,
    private readonly config: AlertingConfig | undefined,
    private readonly dispatcher: OutboxDispatcher,
    private readonly alerts: AlertService,
    api: ManagedChannel[],
    notifiers: Map<string, Notifier>,
  ) {
    this.api = api;
    this.notifiers = notifiers;
  }

  /** Builds the notifiers of both origins; a stored channel that no longer builds is skipped. */
  static async open(o: {
    store: LogStore;
    config: AlertingConfig | undefined;
    dispatcher: OutboxDispatcher;
    alerts: AlertService;
  }): Promise<{ manager: ChannelManager; notifiers: Map<string, Notifier> }> {
    const raw = await o.store.getMeta(KEY);
    const api = raw === undefined ? [] : (JSON.parse(raw) as ManagedChannel[]);
    const m = new ChannelManager(o.store, o.config, o.dispatcher, o.alerts, api, new Map());
    m.notifiers = m.build(api);
    o.alerts.setRoutes(m.routes(api));
    return { manager: m, notifiers: m.notifiers };
  }

  list(): ManagedChannel[] {
    const fromConfig = (this.config?.channels ?? []).map((channel): ManagedChannel => {
      const route = this.config?.routes?.find((r) => r.name === channel.name);
      return { channel, origin: 'config', ...(route && { route: withoutName(route) }) };
    });
    return [...fromConfig, ...this.api];
  }

  /** Creates or replaces an API channel; true when it was created. */
  async put(channel: ChannelConfig, route: ChannelRouteSpec | undefined): Promise<boolean> {
    if (this.config?.channels?.some((c) => c.name === channel.name))
      throw new ApiError(
        'CONFLICT',
        `channel ${channel.name} comes from the configuration file; change it there`,
      );
    const created = !this.api.some((c) => c.channel.name === channel.name);
    const next: ManagedChannel = { channel, origin: 'api', ...(route && { route }) };
    await this.apply([...this.api.filter((c) => c.channel.name !== channel.name), next]);
    return created;
  }

  async remove(name: string): Promise<void> {
    if (this.config?.channels?.some((c) => c.name === name))
      throw new ApiError('CONFLICT', `channel ${name} comes from the configuration file`);
    if (!this.api.some((c) => c.channel.name === name))
      throw new ApiError('NOT_FOUND', `no channel named ${name}`);
    await this.apply(this.api.filter((c) => c.channel.name !== name));
  }

  async close(): Promise<void> {
    await Promise.all([...this.notifiers.values()].map((n) => n.close()));
  }

  private async apply(api: ManagedChannel[]): Promise<void> {
    const notifiers = this.build(api);
    const routes = this.routes(api);
    try {
      this.alerts.setRoutes(routes); // throws on a bad route, before anything changed
    } catch (err) {
      await Promise.all([...notifiers.values()].map((n) => n.close()));
      throw err;
    }
    await this.store.setMeta(KEY, JSON.stringify(api));
    const old = this.notifiers;
    this.api = api;
    this.notifiers = notifiers;
    this.dispatcher.setChannels(notifiers);
    if (notifiers.size > 0) this.dispatcher.start();
    await Promise.all([...old.values()].map((n) => n.close()));
  }

  private build(api: readonly ManagedChannel[]): Map<string, Notifier> {
    return buildNotifiers([...(this.config?.channels ?? []), ...api.map((c) => c.channel)]);
  }

  private routes(api: readonly ManagedChannel[]): ChannelRoute[] {
    const own = api.flatMap((c) => (c.route ? [{ ...c.route, name: c.channel.name }] : []));
    return [...(this.config?.routes ?? []), ...own];
  }
}

function withoutName(r: ChannelRoute): ChannelRouteSpec {
  return {
    ...(r.minSeverity !== undefined && { minSeverity: r.minSeverity }),
    ...(r.tags !== undefined && { tags: r.tags }),
    ...(r.events !== undefined && { events: r.events }),
  };
}

/** The channel as shown to readers: every secret replaced by a marker. */
export function redactChannel(c: ChannelConfig): Record<string, unknown> {
  if (c.kind === 'webhook') return { ...c, secret: '(set)' };
  if (c.kind === 'email' && c.auth) return { ...c, auth: { user: c.auth.user, pass: '(set)' } };
  return { ...c };
}
