// The local YAML file of `keywatch agent run --config FILE`: settings of this host's agent (spool
// bound, intervals) and `policy:`, the fallback used when the server cannot be reached and no
// verified policy from it is cached.
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { AgentError } from '../agent-error.ts';

export interface LocalConfig {
  heartbeat_seconds?: number;
  policy_refresh_seconds?: number;
  spool?: { max_bytes?: number; segment_bytes?: number };
  /** Per-request batch of the shipper. */
  batch_records?: number;
  /** Longest pause between retries of a batch the server did not take (default 30). */
  retry_max_seconds?: number;
  policy?: Record<string, unknown>;
}

const isObj = (v: unknown): v is Record<string, unknown> =>
  v !== null && typeof v === 'object' && !Array.isArray(v);

export function readLocalConfig(path: string | undefined): LocalConfig {
  if (path === undefined) return {};
  let doc: unknown;
  try {
    doc = parse(readFileSync(path, 'utf8'));
  } catch (err) {
    throw new AgentError('CONFIG_INVALID', `${path}: ${(err as Error).message}`, { cause: err });
  }
  if (doc === null || doc === undefined) return {};
  if (!isObj(doc)) throw new AgentError('CONFIG_INVALID', `${path}: expected a mapping at the top`);
  const positive = (key: string, v: unknown): void => {
    if (v !== undefined && (typeof v !== 'number' || !(v > 0)))
      throw new AgentError('CONFIG_INVALID', `${path}: ${key} must be a positive number`);
  };
  positive('heartbeat_seconds', doc['heartbeat_seconds']);
  positive('policy_refresh_seconds', doc['policy_refresh_seconds']);
  positive('batch_records', doc['batch_records']);
  positive('retry_max_seconds', doc['retry_max_seconds']);
  if (doc['spool'] !== undefined && !isObj(doc['spool']))
    throw new AgentError('CONFIG_INVALID', `${path}: spool must be a mapping`);
  if (isObj(doc['spool'])) {
    positive('spool.max_bytes', doc['spool']['max_bytes']);
    positive('spool.segment_bytes', doc['spool']['segment_bytes']);
  }
  if (doc['policy'] !== undefined && !isObj(doc['policy']))
    throw new AgentError(
      'CONFIG_INVALID',
      `${path}: policy must be a mapping, one section per module`,
    );
  return doc;
}
