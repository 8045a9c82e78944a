// Assembles detection and alerting for one server: the rule pack plus site rules, the engine, the
// alert service over the store, the pipeline fed by the sequencer, and the outbox dispatcher with
// the channels of the configuration file and of the API (channel-manager.ts). Outcome events of deliveries go into the same log.
import { AlertService, OutboxDispatcher } from '@keywatch/alert';
import {
  loadRules,
  readRuleDir,
  RULE_PACK_DIR,
  type RuleSet,
  type RuleText,
} from '@keywatch/detect';
import type { LogStore } from '@keywatch/store';
import type { Sequencer } from '../sequencer/sequencer.ts';
import type { ServerMetrics } from '../server-metrics.ts';
import type { AlertingConfig } from './alerting-config.ts';
import { ChannelManager } from './channel-manager.ts';
import { DetectionPipeline } from './detection-pipeline.ts';
import { loadSiteRules } from './site-rules.ts';

export interface Alerting {
  rules: RuleSet;
  alerts: AlertService;
  pipeline: DetectionPipeline;
  channels: ChannelManager;
  close(): Promise<void>;
}

/** The shipped pack, the configured rule directories, then the site rules kept in the store. */
export function ruleTexts(
  config: AlertingConfig | undefined,
  site: readonly RuleText[],
): RuleText[] {
  const texts = [RULE_PACK_DIR, ...(config?.ruleDirs ?? [])].flatMap((d) => readRuleDir(d));
  return [...texts, ...site.map((r) => ({ name: `site:${r.name}`, text: r.text }))];
}

export async function startAlerting(o: {
  store: LogStore;
  sequencer: Sequencer;
  metrics: ServerMetrics;
  config: AlertingConfig | undefined;
  onError: (err: unknown) => void;
}): Promise<Alerting> {
  const texts = ruleTexts(o.config, await loadSiteRules(o.store));
  const rules = loadRules(texts);
  const store = o.store.alerts();
  const dispatcher = new OutboxDispatcher({
    store,
    channels: new Map(), // set below, from the configuration file and the API-managed channels
    record: async (events) => {
      await o.sequencer.appendOwn(events.map((e) => ({ ...e, id: e.id! })));
    },
    onError: o.onError,
  });
  const alerts = new AlertService({
    store,
    ...(o.config?.dedupeWindowMs !== undefined && { dedupeWindowMs: o.config.dedupeWindowMs }),
    onNotifications: () => dispatcher.wake(),
  });
  const pipeline = new DetectionPipeline({
    store: o.store,
    sequencer: o.sequencer,
    rules: texts,
    alerts,
    metrics: o.metrics,
    ...(o.config?.detectionPriority !== undefined && { priority: o.config.detectionPriority }),
    ...(o.config?.detectionMaxBacklog !== undefined && {
      maxBacklog: o.config.detectionMaxBacklog,
    }),
    onError: o.onError,
  });
  const { manager, notifiers } = await ChannelManager.open({
    store: o.store,
    config: o.config,
    dispatcher,
    alerts,
  });
  dispatcher.setChannels(notifiers);
  await pipeline.start();
  if (notifiers.size > 0) dispatcher.start();
  return {
    rules,
    alerts,
    pipeline,
    channels: manager,
    close: async () => {
      await pipeline.close();
      await dispatcher.stop();
      await manager.close();
    },
  };
}
