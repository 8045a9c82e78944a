// Opens the log: writes the genesis leaf of a new log, or restores the Merkle frontier of an
// existing one from O(log n) stored hashes and checks it against the last signed checkpoint, so a
// server never extends a tree that does not match what it already signed.
import {
  MerkleFrontier,
  canonicalLeaf,
  checkGenesis,
  genesisEvent,
  leafHash,
  openCheckpoint,
  parseLeaf,
  parseVerifierKey,
  signCheckpoint,
} from '@keywatch/auditlog';
import type { LogStore } from '@keywatch/store';
import type { LogIdentity } from '../log-identity.ts';
import { toEventRow } from './event-row.ts';

export interface LogState {
  frontier: MerkleFrontier;
  latest: { size: number; note: string };
}

export async function openLogState(
  store: LogStore,
  id: LogIdentity,
  now: () => number,
): Promise<LogState> {
  const size = await store.logSize();
  if (size === 0) return writeGenesis(store, id, now());
  const hashes = await store.readHashes(MerkleFrontier.restorePlan(size));
  const frontier = MerkleFrontier.restore(size, (i) => hashes.get(i)!);
  const latest = await store.latestCheckpoint();
  if (!latest || latest.size !== size) {
    throw new Error(
      `the log has ${size} entries but its last checkpoint covers ${latest?.size ?? 0}`,
    );
  }
  const cp = openCheckpoint(latest.note, parseVerifierKey(id.verifierKey), id.origin);
  if (!cp.root.equals(frontier.root())) {
    throw new Error(
      `the stored tree of size ${size} does not match its signed checkpoint: run keywatch verify`,
    );
  }
  const genesis = await store.readLeaf(0);
  if (!genesis) throw new Error('the log has no genesis entry');
  checkGenesis(parseLeaf(genesis), { origin: id.origin, verifierKey: id.verifierKey });
  return { frontier, latest: { size, note: latest.note } };
}

async function writeGenesis(store: LogStore, id: LogIdentity, nowMs: number): Promise<LogState> {
  const time = new Date(nowMs).toISOString();
  const event = genesisEvent({ origin: id.origin, verifierKey: id.verifierKey, time });
  const leaf = canonicalLeaf(event);
  const frontier = MerkleFrontier.empty();
  const hashes = frontier.append(leafHash(leaf));
  const checkpoint = { origin: id.origin, size: 1, root: frontier.root() };
  const note = signCheckpoint(checkpoint, id.signer);
  await store.appendBatch({
    events: [toEventRow(event, leaf, nowMs)],
    hashes: { start: 0, values: hashes },
    checkpoint: { size: 1, root: checkpoint.root, note, createdMs: nowMs },
  });
  return { frontier, latest: { size: 1, note } };
}
