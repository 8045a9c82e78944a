// Whole-log verification over a generated log of 1000 leaves: the valid log passes, and each kind
// of tampering fails with its code and, where one exists, the first bad index.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { StoredEvent } from '@keywatch/protocol';
import {
  AuditLogError,
  LogVerifier,
  MerkleFrontier,
  canonicalLeaf,
  generateSignerKey,
  genesisEvent,
  leafHash,
  parseSignerKey,
  signCheckpoint,
  verifierKeyFromSignerKey,
  type NoteSigner,
  type TrustedState,
} from '../src/index.ts';

const ORIGIN = 'audit.example.com/kms/test';
const SKEY = generateSignerKey(ORIGIN);
const SIGNER = parseSignerKey(SKEY);
const VKEY = verifierKeyFromSignerKey(SKEY);
const N = 1000;

function event(i: number): StoredEvent {
  const time = new Date(Date.UTC(2026, 0, 1) + i * 1000).toISOString();
  return {
    index: i,
    id: `evt-${i}`,
    time,
    received: time,
    type: 'kms.key.use',
    outcome: 'success',
    actor: { id: `user-${i % 7}`, type: 'user' },
    target: { type: 'key', id: `key-${i % 13}` },
    message: `operation ${i}`,
    detail: { n: i, region: 'eu-west-1' },
  };
}

const GENESIS = canonicalLeaf(
  genesisEvent({ origin: ORIGIN, verifierKey: VKEY, time: '2026-01-01T00:00:00.000Z' }),
);
const LEAVES: Buffer[] = [
  GENESIS,
  ...Array.from({ length: N - 1 }, (_, i) => canonicalLeaf(event(i + 1))),
];

function rootOf(leaves: readonly Buffer[]): Buffer {
  const f = MerkleFrontier.empty();
  for (const leaf of leaves) f.append(leafHash(leaf));
  return f.root();
}

function checkpointFor(
  leaves: readonly Buffer[],
  signer: NoteSigner = SIGNER,
  origin = ORIGIN,
): string {
  return signCheckpoint({ origin, size: leaves.length, root: rootOf(leaves) }, signer);
}

const NOTE = checkpointFor(LEAVES);

function verify(
  leaves: readonly Buffer[],
  note: string,
  trusted?: TrustedState,
): ReturnType<LogVerifier['finish']> {
  const v = new LogVerifier({ verifierKey: VKEY, ...(trusted && { trusted }) });
  for (const leaf of leaves) v.addLeaf(leaf);
  return v.finish(note);
}

function fails(run: () => unknown, code: string, index: number | undefined): void {
  assert.throws(run, (e: unknown) => {
    assert.ok(e instanceof AuditLogError, String(e));
    assert.equal(e.code, code, e.message);
    assert.equal(e.index, index, `index for ${code}: ${e.message}`);
    return true;
  });
}

const replaced = (leaves: readonly Buffer[], at: number, leaf: Buffer): Buffer[] =>
  leaves.map((l, i) => (i === at ? leaf : l));

test('the generated log verifies, and its state carries over', () => {
  const state = verify(LEAVES, NOTE);
  assert.equal(state.size, N);
  assert.deepEqual(state.root, rootOf(LEAVES));
  assert.equal(state.checkpoint.origin, ORIGIN);
  // Next run: the log grew by 100; the old state is a prefix.
  const grown = [...LEAVES, ...Array.from({ length: 100 }, (_, i) => canonicalLeaf(event(N + i)))];
  const next = verify(grown, checkpointFor(grown), { size: state.size, root: state.root });
  assert.equal(next.size, N + 100);
  // Same size as trusted: fine too.
  verify(LEAVES, NOTE, { size: N, root: state.root });
});

test('an edited byte: inside a string the leaf stays canonical, so the root fails', () => {
  const at = 437;
  const edited = Buffer.from(LEAVES[at] as Buffer);
  const pos = edited.indexOf('operation');
  edited[pos] = 'O'.charCodeAt(0);
  fails(() => verify(replaced(LEAVES, at, edited), NOTE), 'ROOT_MISMATCH', undefined);
  // A byte that breaks the JSON, or the index digits.
  const broken = Buffer.from(LEAVES[at] as Buffer);
  broken[0] = '['.charCodeAt(0);
  fails(() => verify(replaced(LEAVES, at, broken), NOTE), 'LEAF_MALFORMED', at);
  const renumbered = Buffer.from(
    (LEAVES[at] as Buffer).toString().replace(`"index":${at}`, `"index":${at + 1}`),
  );
  fails(() => verify(replaced(LEAVES, at, renumbered), NOTE), 'LEAF_INDEX_MISMATCH', at);
});

test('a deleted leaf, swapped leaves and inserted leaves are caught at their position', () => {
  fails(
    () =>
      verify(
        LEAVES.filter((_, i) => i !== 300),
        NOTE,
      ),
    'LEAF_INDEX_MISMATCH',
    300,
  );
  const swapped = LEAVES.slice();
  [swapped[200], swapped[201]] = [LEAVES[201] as Buffer, LEAVES[200] as Buffer];
  fails(() => verify(swapped, NOTE), 'LEAF_INDEX_MISMATCH', 200);
  fails(
    () => verify([...LEAVES.slice(0, 10), LEAVES[9] as Buffer, ...LEAVES.slice(10)], NOTE),
    'LEAF_INDEX_MISMATCH',
    10,
  );
});

test('non-canonical leaf bytes', () => {
  const at = 650;
  const reordered = Buffer.from(JSON.stringify(event(at)));
  assert.notDeepEqual(reordered, LEAVES[at]);
  fails(() => verify(replaced(LEAVES, at, reordered), NOTE), 'LEAF_NOT_CANONICAL', at);
  const spaced = Buffer.from((LEAVES[at] as Buffer).toString().replace(':', ': '));
  fails(() => verify(replaced(LEAVES, at, spaced), NOTE), 'LEAF_NOT_CANONICAL', at);
});

test('a checkpoint re-signed with another key, or for another origin', () => {
  const impostor = parseSignerKey(generateSignerKey(ORIGIN)); // same name, other key
  fails(
    () => verify(LEAVES, checkpointFor(LEAVES, impostor)),
    'CHECKPOINT_SIGNATURE_INVALID',
    undefined,
  );
  fails(
    () => verify(LEAVES, checkpointFor(LEAVES, SIGNER, 'other.example/log')),
    'CHECKPOINT_ORIGIN_MISMATCH',
    undefined,
  );
  fails(
    () => verify(LEAVES, NOTE.replace(`\n${N}\n`, `\n${N + 1}\n`)),
    'CHECKPOINT_SIGNATURE_INVALID',
    undefined,
  );
  fails(() => verify(LEAVES, NOTE.replace('\u2014', '\u2013')), 'NOTE_MALFORMED', undefined);
});

test('leaf 0 must be the genesis entry of this log and key', () => {
  const otherKey = verifierKeyFromSignerKey(generateSignerKey(ORIGIN));
  for (const genesis of [
    genesisEvent({
      origin: 'other.example/log',
      verifierKey: VKEY,
      time: '2026-01-01T00:00:00.000Z',
    }),
    genesisEvent({ origin: ORIGIN, verifierKey: otherKey, time: '2026-01-01T00:00:00.000Z' }),
    { ...event(0), index: 0 },
  ]) {
    const leaves = replaced(LEAVES, 0, canonicalLeaf(genesis));
    fails(() => verify(leaves, checkpointFor(leaves)), 'GENESIS_INVALID', 0);
  }
});

test('a fork: another history signed by the same key', () => {
  const forked = replaced(LEAVES, 700, canonicalLeaf({ ...event(700), message: 'rewritten' }));
  const forkedNote = checkpointFor(forked);
  // Alone, the forked log is self-consistent; against the original checkpoint its root fails.
  verify(forked, forkedNote);
  fails(() => verify(forked, NOTE), 'ROOT_MISMATCH', undefined);
  // A verifier that accepted 800 leaves of the original history detects the fork at size 800.
  const trusted = { size: 800, root: rootOf(LEAVES.slice(0, 800)) };
  fails(() => verify(forked, forkedNote, trusted), 'LOG_FORKED', 799);
  verify(LEAVES, NOTE, trusted);
  // Fork before a trusted state that covers the whole log.
  fails(() => verify(forked, forkedNote, { size: N, root: rootOf(LEAVES) }), 'LOG_FORKED', N - 1);
});

test('a truncated log vs the trusted state, and size mismatches', () => {
  const trusted = { size: N, root: rootOf(LEAVES) };
  const truncated = LEAVES.slice(0, 600);
  fails(() => verify(truncated, checkpointFor(truncated), trusted), 'LOG_TRUNCATED', 600);
  // Fewer leaves than the checkpoint covers; more leaves than it covers.
  fails(() => verify(truncated, NOTE), 'CHECKPOINT_SIZE_MISMATCH', 600);
  fails(() => verify(LEAVES, checkpointFor(truncated)), 'CHECKPOINT_SIZE_MISMATCH', 600);
  // No size-0 checkpoint is ever valid.
  fails(
    () =>
      verify(
        [],
        signCheckpoint({ origin: ORIGIN, size: 0, root: MerkleFrontier.empty().root() }, SIGNER),
      ),
    'CHECKPOINT_SIZE_MISMATCH',
    0,
  );
});

test('constructor inputs', () => {
  assert.throws(() => new LogVerifier({ verifierKey: 'nope' }), { code: 'KEY_MALFORMED' });
  assert.throws(
    () => new LogVerifier({ verifierKey: VKEY, trusted: { size: -1, root: Buffer.alloc(32) } }),
    AuditLogError,
  );
  const v = new LogVerifier({ verifierKey: VKEY, origin: ORIGIN });
  assert.equal(v.size, 0);
  v.addLeaf(GENESIS);
  assert.equal(v.size, 1);
  assert.deepEqual(v.root(), leafHash(GENESIS));
  fails(() => v.addLeaf('x' as unknown as Uint8Array), 'LEAF_MALFORMED', 1);
});
