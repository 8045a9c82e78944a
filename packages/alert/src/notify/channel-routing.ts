// Which channels hear of which change: by minimum severity, rule tags, and change type. Routing is
// decided when the alert changes (the outbox stores one row per channel), so a later configuration
// change never drops or re-routes a notification already promised.
import { ALERT_SEVERITIES } from '@keywatch/store';
import { AlertError } from '../alert-error.ts';
import {
  ALERT_EVENT_TYPES,
  severityRank,
  type AlertChange,
  type AlertEventType,
  type AlertSeverity,
} from '../model/alert-model.ts';

export interface ChannelRoute {
  /** The channel's name; the dispatcher's notifier for it goes by the same name. */
  name: string;
  /** Default: every severity. */
  minSeverity?: AlertSeverity;
  /** Only alerts carrying at least one of these tags; default or empty: every alert. */
  tags?: readonly string[];
  /** Which changes to send. Default: opened and reopened (the ones needing someone to act). */
  events?: readonly AlertEventType[];
}

export const DEFAULT_ROUTED_EVENTS: readonly AlertEventType[] = ['alert.opened', 'alert.reopened'];

export function routeChange(routes: readonly ChannelRoute[], c: AlertChange): string[] {
  return routes
    .filter(
      (r) =>
        (r.events ?? DEFAULT_ROUTED_EVENTS).includes(c.type) &&
        severityRank(c.alert.severity) >= severityRank(r.minSeverity ?? 'info') &&
        (r.tags === undefined ||
          r.tags.length === 0 ||
          r.tags.some((t) => c.alert.tags.includes(t))),
    )
    .map((r) => r.name);
}

export function checkRoutes(routes: readonly ChannelRoute[]): void {
  const names = new Set<string>();
  for (const r of routes) {
    if (typeof r.name !== 'string' || r.name === '' || names.has(r.name))
      throw new AlertError(
        'INVALID_CHANNEL_CONFIG',
        `channel names must be unique and non-empty: "${r.name}"`,
      );
    names.add(r.name);
    if (r.minSeverity !== undefined && !ALERT_SEVERITIES.includes(r.minSeverity))
      throw new AlertError(
        'INVALID_CHANNEL_CONFIG',
        `channel ${r.name}: minSeverity must be one of ${ALERT_SEVERITIES.join(', ')}`,
      );
    const bad = r.events?.find((e) => !ALERT_EVENT_TYPES.includes(e));
    if (bad !== undefined)
      throw new AlertError(
        'INVALID_CHANNEL_CONFIG',
        `channel ${r.name}: unknown event type ${bad}`,
      );
  }
}
