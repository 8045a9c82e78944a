// The detection engine's finding, in the alert service's shape.
import type { Detection as AlertDetection } from '@keywatch/alert';
import type { Detection as EngineDetection } from '@keywatch/detect';

export function toAlertDetection(d: EngineDetection): AlertDetection {
  const timeMs = Date.parse(d.time);
  return {
    ruleId: d.ruleId,
    title: d.title,
    severity: d.severity === 'debug' ? 'info' : d.severity,
    tags: d.tags,
    dedupeKey: d.dedupeKey,
    eventIndexes: d.eventIndexes,
    summary: d.summary,
    fields: {
      ...d.fields,
      origin: d.origin,
      ...(d.ruleName !== undefined && { rule_name: d.ruleName }),
    },
    ...(Number.isFinite(timeMs) && { timeMs }),
  };
}
