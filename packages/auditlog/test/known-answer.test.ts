// Known-answer vectors: our own (research/verifiable-log.md §1.7, also accepted by Go's x/mod),
// the c2sp.org/signed-note example and the golang.org/x/mod/sumdb/note package example.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  MerkleFrontier,
  leafHash,
  openCheckpoint,
  openNote,
  parseSignerKey,
  parseVerifierKey,
  signCheckpoint,
  signNote,
  verifierKeyFromSignerKey,
} from '../src/index.ts';

test('research §1.7: seed 7×32, kms.example.com/audit, 7 leaves', () => {
  const seed = Buffer.alloc(32, 0x07);
  const name = 'kms.example.com/audit';
  // Go's signer-key text built from the seed; parseSignerKey checks the key id against the seed.
  const skey = `PRIVATE+KEY+${name}+7e1ed3e7+${Buffer.concat([Buffer.from([0x01]), seed]).toString('base64')}`;
  const signer = parseSignerKey(skey);
  const vkey = verifierKeyFromSignerKey(skey);
  assert.equal(vkey, 'kms.example.com/audit+7e1ed3e7+AepKbGPinFIKvvVQexMuxfmVR3auvr57kkIe6mkURtIs');
  assert.equal(signer.keyId.toString('hex'), '7e1ed3e7');

  const frontier = MerkleFrontier.empty();
  for (let i = 0; i < 7; i++) {
    frontier.append(
      leafHash(Buffer.from(JSON.stringify({ seq: i, type: 'KeyRotate', status: 'success' }))),
    );
  }
  const note = signCheckpoint({ origin: name, size: 7, root: frontier.root() }, signer);
  assert.equal(
    note,
    'kms.example.com/audit\n7\nu4M4YpxiC8NyE4TZqJnK/P1tChEy01g+ctekQQ6SBIw=\n\n' +
      '— kms.example.com/audit fh7T59tOhukzxFyxULnTQVzfdCc1bohv4PYR0jqUdlwkY/Qm8OIjEfEERtaKFnpJmrJ2J2Psl4H3swSAUwUh/1rmQAY=\n',
  );
  const checkpoint = openCheckpoint(note, parseVerifierKey(vkey), name);
  assert.equal(checkpoint.size, 7);
  assert.equal(checkpoint.root.toString('base64'), 'u4M4YpxiC8NyE4TZqJnK/P1tChEy01g+ctekQQ6SBIw=');
});

// c2sp.org/signed-note, "Verifier keys → Example". The stored copies of C2SP/C2SP signed-note.md
// predate that section; this text is quoted identically by several independent implementations
// citing C2SP commit d4c16da, and the signature verifying under the key authenticates it.
const SPEC_VKEY = 'example.com/foo+530d903a+AekyeRrm56hApGFkyQR4ZCbV54Id2LKaANYcrnKv3U2k';
const SPEC_NOTE =
  'This is an example message.\n\n' +
  '— example.com/foo Uw2QOkn8srV1yJGh2VYRlL1Tnagv1YEq6TfXppzi2ONncAlTgK7Ztg1ERYNZXsYjOBH3mFXmRKuwHjG1Yu72IneyaQM=\n';

test('c2sp.org/signed-note example verifies', () => {
  const verifier = parseVerifierKey(SPEC_VKEY);
  assert.equal(verifier.name, 'example.com/foo');
  assert.equal(verifier.keyId.toString('hex'), '530d903a');
  assert.deepEqual(openNote(SPEC_NOTE, [verifier]), {
    text: 'This is an example message.\n',
    verifiedBy: ['example.com/foo'],
  });
  assert.throws(
    () => openNote(SPEC_NOTE.replace('example message', 'example massage'), [verifier]),
    {
      code: 'CHECKPOINT_SIGNATURE_INVALID',
    },
  );
});

// golang.org/x/mod/sumdb/note package documentation (and cmd/go/internal/note example_test.go).
const GO_SKEY = 'PRIVATE+KEY+PeterNeumann+c74f20a3+AYEKFALVFGyNhPJEMzD1QIDr+Y7hfZx09iUvxdXHKDFz';
const GO_VKEY = 'PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW';
const GO_TEXT =
  "If you think cryptography is the answer to your problem,\nthen you don't know what your problem is.\n";
const GO_NOTE =
  GO_TEXT +
  '\n— PeterNeumann x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM=\n';

test("Go's note example: same key text, same signature bytes", () => {
  assert.equal(verifierKeyFromSignerKey(GO_SKEY), GO_VKEY);
  assert.equal(signNote(GO_TEXT, [parseSignerKey(GO_SKEY)]), GO_NOTE);
  assert.deepEqual(openNote(GO_NOTE, [parseVerifierKey(GO_VKEY)]), {
    text: GO_TEXT,
    verifiedBy: ['PeterNeumann'],
  });
});
