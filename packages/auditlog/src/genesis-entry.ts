// Leaf 0 is the genesis entry: it names the log's origin, its verifier key and the schema version,
// so the smallest tree ever signed has one leaf (RFC 9162 and Go's tlog disagree on the empty
// tree's hash; see research/verifiable-log.md §1.1).
import type { StoredEvent } from '@keywatch/protocol';
import { AuditLogError } from './audit-log-error.ts';

export const GENESIS_TYPE = 'log.genesis';
export const SCHEMA_VERSION = 1;

export function genesisEvent(opts: {
  origin: string;
  verifierKey: string;
  time: string;
}): StoredEvent {
  return {
    index: 0,
    id: `genesis:${opts.origin}`,
    time: opts.time,
    received: opts.time,
    type: GENESIS_TYPE,
    outcome: 'success',
    actor: { id: 'keywatch', type: 'system' },
    detail: { origin: opts.origin, verifier_key: opts.verifierKey, schema_version: SCHEMA_VERSION },
  };
}

/** GENESIS_INVALID unless `event` is the genesis entry of `expected.origin` (and key, when given). */
export function checkGenesis(
  event: StoredEvent,
  expected: { origin: string; verifierKey?: string },
): void {
  const fail = (why: string): AuditLogError =>
    new AuditLogError(
      'GENESIS_INVALID',
      `leaf 0 is not the genesis entry of ${expected.origin}: ${why}`,
      { index: 0 },
    );
  if (typeof event !== 'object' || event === null) throw fail('not an event');
  if (event.index !== 0) throw fail(`its index is ${String(event.index)}`);
  if (event.type !== GENESIS_TYPE) throw fail(`its type is ${JSON.stringify(event.type)}`);
  if (event.id !== `genesis:${expected.origin}`)
    throw fail(`its id is ${JSON.stringify(event.id)}`);
  const detail: unknown = event.detail;
  if (typeof detail !== 'object' || detail === null) throw fail('it has no detail');
  const {
    origin,
    verifier_key: verifierKey,
    schema_version: schemaVersion,
  } = detail as Record<string, unknown>;
  if (origin !== expected.origin) throw fail(`it names origin ${JSON.stringify(origin)}`);
  if (schemaVersion !== SCHEMA_VERSION)
    throw fail(`unknown schema version ${JSON.stringify(schemaVersion)}`);
  if (typeof verifierKey !== 'string') throw fail('it names no verifier key');
  if (expected.verifierKey !== undefined && verifierKey !== expected.verifierKey) {
    throw fail(`it names verifier key ${verifierKey}, not ${expected.verifierKey}`);
  }
}
