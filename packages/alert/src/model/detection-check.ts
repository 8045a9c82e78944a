// Detections come from rule code written by security officers: check them before they shape an
// alert, so that a malformed match is refused with a reason instead of stored half-right.
import { ALERT_SEVERITIES } from '@keywatch/store';
import { AlertError } from '../alert-error.ts';
import type { Detection } from './alert-model.ts';

const MAX_TEXT = 4096;

export function checkDetection(d: Detection): void {
  const fail = (why: string): never => {
    throw new AlertError('INVALID_DETECTION', `detection of rule ${String(d.ruleId)}: ${why}`);
  };
  for (const key of ['ruleId', 'title', 'dedupeKey'] as const) {
    const v = d[key];
    if (typeof v !== 'string' || v.length === 0 || v.length > MAX_TEXT)
      fail(`${key} must be a non-empty string of at most ${MAX_TEXT} characters`);
  }
  if (typeof d.summary !== 'string') fail('summary must be a string');
  if (!(ALERT_SEVERITIES as readonly string[]).includes(d.severity))
    fail(`severity must be one of ${ALERT_SEVERITIES.join(', ')}, got ${String(d.severity)}`);
  if (!Array.isArray(d.tags) || d.tags.some((t) => typeof t !== 'string'))
    fail('tags must be an array of strings');
  if (
    !Array.isArray(d.eventIndexes) ||
    d.eventIndexes.some((i) => !Number.isSafeInteger(i) || i < 0)
  )
    fail('eventIndexes must be log indexes (non-negative integers)');
  if (d.fields === null || typeof d.fields !== 'object' || Array.isArray(d.fields))
    fail('fields must be an object');
  if (d.timeMs !== undefined && !Number.isSafeInteger(d.timeMs)) fail('timeMs must be epoch ms');
  if (d.matches !== undefined && !(Number.isSafeInteger(d.matches) && d.matches >= 1)) {
    fail('matches must be a positive integer');
  }
}
