// Positive and near-miss negative cases for each alerting rule of the pack.
import type { StoredEvent } from '@keywatch/protocol';
import { SINGLE_CASES } from './cases-single.ts';
import { STATEFUL_CASES } from './cases-stateful.ts';

export interface Case {
  events: () => StoredEvent[];
  /** tick(T0 + tick) after the events */
  tick?: number;
}

export const CASES: Record<string, { positive: Case; negative: Case }> = {
  ...SINGLE_CASES,
  ...STATEFUL_CASES,
};
