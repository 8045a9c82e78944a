// Parsed rules: a Sigma detection rule (compiled to a matcher), a Sigma correlation rule, or a
// detection rule whose matches feed a keywatch stateful detector (the `detector:` extension).
import type { Accessor, Doc } from '../fields/field-doc.ts';
import type { Logsource, Route } from '../fields/logsource-route.ts';
import type { TypeHint } from '../match/field-test.ts';
import type { CorrelationSpec } from '../correlate/correlation-spec.ts';
import type { DetectorSpec } from '../detectors/detector-spec.ts';

export const LEVELS = ['informational', 'low', 'medium', 'high', 'critical'] as const;
export type Level = (typeof LEVELS)[number];
export const STATUSES = ['stable', 'test', 'experimental', 'deprecated', 'unsupported'] as const;

export interface RuleMeta {
  /** The id, else the name: what alerts and dedupe keys call the rule. */
  key: string;
  id: string | undefined;
  name: string | undefined;
  title: string;
  status: string | undefined;
  level: Level | undefined;
  description: string | undefined;
  tags: string[];
  falsepositives: string[];
  fields: string[];
  /** keywatch extension: fields whose values, with the rule, make a single-event dedupe key. */
  dedupe: string[] | undefined;
  file: string;
  line: number | undefined;
}

export interface SigmaRule extends RuleMeta {
  kind: 'sigma';
  logsource: Logsource;
  route: Route;
  match: (doc: Doc) => boolean;
  typeHint: TypeHint | undefined;
  accessor: (field: string) => Accessor;
  detector: DetectorSpec | undefined;
}

export interface CorrelationRule extends RuleMeta {
  kind: 'correlation';
  correlation: CorrelationSpec;
}

export type Rule = SigmaRule | CorrelationRule;
