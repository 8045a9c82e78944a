// Typed reads of a `detector:` block with refusals that name the offending key's line; unknown
// keys are refused too (a misspelt threshold must not silently fall back to its default).
import { DetectError } from '../detect-error.ts';
import type { RulePosition } from '../detect-error.ts';
import { parseDuration } from '../correlate/timespan.ts';
import type { SettingsReader } from './detector-types.ts';

export function settingsReader(
  settings: Record<string, unknown>,
  at: (key: string) => RulePosition,
): SettingsReader {
  const used = new Set<string>(['kind']);
  const fail = (key: string, why: string): never => {
    throw new DetectError('DETECTOR_INVALID', `detector.${key}: ${why}`, at(key));
  };
  const get = (key: string) => {
    used.add(key);
    return settings[key];
  };
  const r: SettingsReader = {
    duration(key, fallback) {
      const v = get(key);
      if (v === undefined) return fallback;
      return parseDuration(v) ?? fail(key, 'expected a duration such as 30s, 15m, 1h, 14d');
    },
    int(key, fallback, min, max) {
      const v = get(key);
      if (v === undefined) return fallback;
      if (typeof v !== 'number' || !Number.isInteger(v) || v < min || v > max)
        fail(key, `expected an integer from ${min} to ${max}`);
      return v as number;
    },
    num(key, fallback, min, max) {
      const v = get(key);
      if (v === undefined) return fallback;
      if (typeof v !== 'number' || !(v >= min && v <= max))
        fail(key, `expected a number from ${min} to ${max}`);
      return v as number;
    },
    str(key, fallback) {
      const v = get(key);
      if (v === undefined) return fallback;
      if (typeof v !== 'string' || v === '') fail(key, 'expected a string');
      return v as string;
    },
    strings(key, fallback) {
      const v = get(key);
      if (v === undefined) return fallback;
      const list = typeof v === 'string' ? [v] : v;
      if (!Array.isArray(list) || !list.every((x) => typeof x === 'string'))
        fail(key, 'expected a list of strings');
      return list as string[];
    },
    fields(key, fallback) {
      const list = r.strings(key, fallback);
      if (list.length === 0 || list.some((f) => f === ''))
        fail(key, 'expected one or more field names');
      return list;
    },
    record(key) {
      const v = get(key);
      if (v === undefined) return {};
      if (v === null || typeof v !== 'object' || Array.isArray(v)) fail(key, 'expected a map');
      return v as Record<string, unknown>;
    },
    fail,
    done() {
      for (const k of Object.keys(settings)) if (!used.has(k)) fail(k, 'unknown setting');
    },
  };
  return r;
}
