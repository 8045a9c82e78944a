// c2sp.org/tlog-checkpoint bodies, and checkpoints inside signed notes.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  formatCheckpoint,
  generateSignerKey,
  openCheckpoint,
  parseCheckpoint,
  parseSignerKey,
  parseVerifierKey,
  signCheckpoint,
  signNote,
  verifierKeyFromSignerKey,
} from '../src/index.ts';

const root = Buffer.alloc(32, 0xab);
const ROOT64 = root.toString('base64');
const malformed = { code: 'CHECKPOINT_MALFORMED' };

test('format and parse round-trip', () => {
  const text = formatCheckpoint({ origin: 'kms.example.com/audit', size: 1234, root });
  assert.equal(text, `kms.example.com/audit\n1234\n${ROOT64}\n`);
  assert.deepEqual(parseCheckpoint(text), { origin: 'kms.example.com/audit', size: 1234, root });
  assert.equal(parseCheckpoint(`o\n0\n${ROOT64}\n`).size, 0);
  assert.equal(
    parseCheckpoint(`o\n${Number.MAX_SAFE_INTEGER}\n${ROOT64}\n`).size,
    Number.MAX_SAFE_INTEGER,
  );
});

test('extension lines are accepted and ignored', () => {
  assert.deepEqual(parseCheckpoint(`o\n5\n${ROOT64}\nTimestamp: 1\nmore\n`), {
    origin: 'o',
    size: 5,
    root,
  });
  assert.throws(() => parseCheckpoint(`o\n5\n${ROOT64}\n\nx\n`), malformed);
});

test('anything else is CHECKPOINT_MALFORMED', () => {
  const bad = [
    '',
    `o\n5\n${ROOT64}`, // no final newline
    `o\n5\n`, // no root
    `\n5\n${ROOT64}\n`, // empty origin
    `o\n05\n${ROOT64}\n`, // leading zero
    `o\n+5\n${ROOT64}\n`,
    `o\n5.0\n${ROOT64}\n`,
    `o\n-1\n${ROOT64}\n`,
    `o\n 5\n${ROOT64}\n`,
    `o\n${'9'.repeat(17)}\n${ROOT64}\n`, // beyond 2^53
    `o\n5\n${ROOT64.slice(0, -1)}\n`, // no padding
    `o\n5\n${Buffer.alloc(31).toString('base64')}\n`, // 31 bytes
    `o\n5\n${Buffer.alloc(33).toString('base64')}\n`,
    `o\n5\n${ROOT64.replace(/.=$/, '_=')}\n`, // URL-safe alphabet
    `o\n5\n${ROOT64.replace(/.=$/, 'r=')}\n`, // non-zero padding bits
    `o\n5\n${ROOT64}\r\n`,
    `o\r\n5\n${ROOT64}\n`,
  ];
  for (const text of bad)
    assert.throws(() => parseCheckpoint(text), malformed, JSON.stringify(text));
  assert.throws(() => formatCheckpoint({ origin: 'a\nb', size: 1, root }), malformed);
  assert.throws(() => formatCheckpoint({ origin: '', size: 1, root }), malformed);
  assert.throws(() => formatCheckpoint({ origin: 'o', size: -1, root }), malformed);
  assert.throws(() => formatCheckpoint({ origin: 'o', size: 1.5, root }), malformed);
  assert.throws(() => formatCheckpoint({ origin: 'o', size: 1, root: Buffer.alloc(3) }), malformed);
});

test('signed checkpoints: signature first, then origin', () => {
  const skey = generateSignerKey('log.example/x');
  const verifier = parseVerifierKey(verifierKeyFromSignerKey(skey));
  const note = signCheckpoint({ origin: 'log.example/x', size: 9, root }, parseSignerKey(skey));
  assert.deepEqual(openCheckpoint(note, verifier, 'log.example/x'), {
    origin: 'log.example/x',
    size: 9,
    root,
  });
  assert.deepEqual(openCheckpoint(note, verifier).size, 9);
  assert.throws(() => openCheckpoint(note, verifier, 'log.example/y'), {
    code: 'CHECKPOINT_ORIGIN_MISMATCH',
  });
  const other = parseVerifierKey(verifierKeyFromSignerKey(generateSignerKey('log.example/x')));
  assert.throws(() => openCheckpoint(note, other, 'log.example/x'), {
    code: 'CHECKPOINT_SIGNATURE_INVALID',
  });
  // A well-signed note whose text is not a checkpoint is still refused.
  const signer = parseSignerKey(skey);
  assert.throws(
    () => openCheckpoint(signNote('log.example/x\n09\nxx\n', [signer]), verifier),
    malformed,
  );
});
