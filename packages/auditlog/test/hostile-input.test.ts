// Every proof, note, key and leaf input is attacker-controlled: random and mutated inputs must
// only ever produce an AuditLogError (never a TypeError, RangeError or a crash), and a mutated
// signed note must never open to a different text.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import {
  AuditLogError,
  openCheckpoint,
  openNote,
  parseCheckpoint,
  parseLeaf,
  parseSignerKey,
  parseVerifierKey,
  signCheckpoint,
  verifierKeyFromSignerKey,
  verifyConsistency,
  verifyInclusion,
} from '../src/index.ts';

const SKEY = 'PRIVATE+KEY+PeterNeumann+c74f20a3+AYEKFALVFGyNhPJEMzD1QIDr+Y7hfZx09iUvxdXHKDFz';
const verifier = parseVerifierKey(verifierKeyFromSignerKey(SKEY));
const NOTE = signCheckpoint(
  { origin: 'PeterNeumann', size: 42, root: Buffer.alloc(32, 9) },
  parseSignerKey(SKEY),
);
const TEXT = NOTE.slice(0, NOTE.lastIndexOf('\n\n') + 1);

/** Runs `fn`; anything thrown must be an AuditLogError. Returns the result or undefined. */
function onlyCoded<T>(fn: () => T): T | undefined {
  try {
    return fn();
  } catch (e) {
    assert.ok(e instanceof AuditLogError, `not an AuditLogError: ${String(e)}`);
    return undefined;
  }
}

const mutatedNote = fc
  .tuple(fc.nat(NOTE.length), fc.nat(3), fc.string({ unit: 'binary', maxLength: 3 }))
  .map(([at, drop, insert]) => NOTE.slice(0, at) + insert + NOTE.slice(at + drop));

test('mutated signed checkpoints never open to another text', () => {
  fc.assert(
    fc.property(mutatedNote, (note) => {
      const opened = onlyCoded(() => openNote(note, [verifier]));
      if (opened) assert.equal(opened.text, TEXT);
      const cp = onlyCoded(() => openCheckpoint(note, verifier, 'PeterNeumann'));
      if (cp) assert.equal(cp.size, 42);
    }),
    { numRuns: 3000 },
  );
});

test('random text into every parser gives coded errors only', () => {
  const text = fc.oneof(
    fc.string({ unit: 'binary', maxLength: 200 }),
    fc.string({ unit: 'grapheme-ascii', maxLength: 200 }),
  );
  fc.assert(
    fc.property(text, (s) => {
      onlyCoded(() => openNote(s, [verifier]));
      onlyCoded(() => parseCheckpoint(s));
      onlyCoded(() => parseVerifierKey(s));
      onlyCoded(() => parseSignerKey(s));
      onlyCoded(() => parseLeaf(Buffer.from(s)));
      onlyCoded(() =>
        openNote(`${s}\n\n\u2014 PeterNeumann ${Buffer.from(s).toString('base64')}\n`, [verifier]),
      );
    }),
    { numRuns: 2000 },
  );
  fc.assert(
    fc.property(
      fc.uint8Array({ maxLength: 300 }),
      (bytes) => void onlyCoded(() => parseLeaf(bytes)),
    ),
    { numRuns: 1000 },
  );
  fc.assert(
    fc.property(
      fc.jsonValue(),
      (v) => void onlyCoded(() => parseLeaf(Buffer.from(JSON.stringify(v) ?? ''))),
    ),
    {
      numRuns: 1000,
    },
  );
});

test('random proofs give coded errors only', () => {
  const hash = fc.oneof(
    fc.uint8Array({ minLength: 32, maxLength: 32 }),
    fc.uint8Array({ maxLength: 40 }),
  );
  const size = fc.oneof(
    fc.nat(1000),
    fc.bigInt({ min: -2n, max: 2n ** 64n + 1n }),
    fc.double(),
    fc.constant(undefined),
  );
  fc.assert(
    fc.property(
      hash,
      size,
      size,
      fc.array(hash, { maxLength: 70 }),
      hash,
      (leaf, a, b, proof, root) => {
        onlyCoded(() => verifyInclusion(leaf, a as number, b as number, proof, root));
        onlyCoded(() => verifyConsistency(a as number, b as number, proof, leaf, root));
      },
    ),
    { numRuns: 2000 },
  );
});
