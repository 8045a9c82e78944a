// @keywatch/detect: a Sigma-compatible rule engine (Sigma specification v2: detection rules and
// correlation rules) over keywatch events, logsource-aware field mapping to original vendor
// records, bounded stateful detectors, and the shipped KMS rule pack (packages/detect/rules).
export { DetectError, DETECT_ERROR_CODES } from './detect-error.ts';
export type { DetectErrorCode, RulePosition } from './detect-error.ts';
export { parseRule, parseRules } from './rule/parse-rule.ts';
export { loadRules, readRuleDir } from './rule/load-rules.ts';
export type { RuleText } from './rule/load-rules.ts';
export { buildRuleSet } from './rule/rule-set.ts';
export type { RuleSet } from './rule/rule-set.ts';
export { LEVELS } from './rule/rule-types.ts';
export type { Rule, SigmaRule, CorrelationRule, RuleMeta, Level } from './rule/rule-types.ts';
export { SUPPORTED_LOGSOURCES } from './fields/logsource-route.ts';
export type { Logsource } from './fields/logsource-route.ts';
export { DETECTOR_KINDS } from './detectors/detector-spec.ts';
export { CORRELATION_TYPES, MAX_THRESHOLD } from './correlate/correlation-spec.ts';
export { DetectionEngine } from './engine/detection-engine.ts';
export type { EngineOptions, EngineStats } from './engine/detection-engine.ts';
export type { EngineSnapshot } from './engine/engine-snapshot.ts';
export type { Detection } from './detection.ts';
export { RULE_PACK_DIR } from './rule-pack.ts';
