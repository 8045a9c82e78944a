// c2sp.org/signed-note rules: structure, unknown keys, failing known keys, characters.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  generateSignerKey,
  openNote,
  parseSignerKey,
  parseVerifierKey,
  signNote,
  verifierKeyFromSignerKey,
  type NoteSigner,
  type NoteVerifier,
} from '../src/index.ts';

function keyPair(name: string): { signer: NoteSigner; verifier: NoteVerifier } {
  const skey = generateSignerKey(name);
  return {
    signer: parseSignerKey(skey),
    verifier: parseVerifierKey(verifierKeyFromSignerKey(skey)),
  };
}

const log = keyPair('log.example/a');
const witness = keyPair('witness.example/w');
const stranger = keyPair('stranger.example/s');
const TEXT = 'log.example/a\n5\nAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=\n';
const note = signNote(TEXT, [log.signer]);

const code = (c: string) => (e: unknown) => (e as { code?: string }).code === c;

test('a signed note opens to its text, naming who verified it', () => {
  assert.match(note, /\n\n\u2014 log\.example\/a [A-Za-z0-9+/]{91}=\n$/);
  assert.deepEqual(openNote(note, [log.verifier]), { text: TEXT, verifiedBy: ['log.example/a'] });
});

test('multiple signatures: each known one is verified, unknown ones are ignored', () => {
  const both = signNote(TEXT, [log.signer, witness.signer, stranger.signer]);
  assert.equal(both.split('\n— ').length, 4);
  assert.deepEqual(openNote(both, [log.verifier, witness.verifier]).verifiedBy, [
    'log.example/a',
    'witness.example/w',
  ]);
  assert.deepEqual(openNote(both, [witness.verifier]).verifiedBy, ['witness.example/w']);
  // 16 signatures must be accepted (the spec's minimum).
  const many = Array.from({ length: 16 }, (_, i) => keyPair(`w${i}.example`));
  const big = signNote(
    TEXT,
    many.map((k) => k.signer),
  );
  assert.equal(
    openNote(
      big,
      many.map((k) => k.verifier),
    ).verifiedBy.length,
    16,
  );
  assert.throws(() => signNote(TEXT, [log.signer, log.signer]), code('NOTE_MALFORMED'));
});

test('unknown keys are ignored, but no known key is an error', () => {
  assert.throws(() => openNote(note, [stranger.verifier]), code('CHECKPOINT_SIGNATURE_INVALID'));
  assert.throws(() => openNote(note, []), code('CHECKPOINT_SIGNATURE_INVALID'));
  // Same name, other key id: unknown, so ignored (MUST NOT fail on it), and then nothing verified.
  const sameName = keyPair('log.example/a');
  assert.throws(() => openNote(note, [sameName.verifier]), code('CHECKPOINT_SIGNATURE_INVALID'));
  const both = signNote(TEXT, [sameName.signer, log.signer]);
  assert.deepEqual(openNote(both, [log.verifier]).verifiedBy, ['log.example/a']);
});

test('a known key with a bad signature rejects the note', () => {
  const line = note.slice(note.lastIndexOf('\u2014'));
  const blob = Buffer.from(line.slice(line.lastIndexOf(' ') + 1, -1), 'base64');
  blob[10] = (blob[10] as number) ^ 1;
  const forged = note.replace(line, `\u2014 log.example/a ${blob.toString('base64')}\n`);
  assert.throws(() => openNote(forged, [log.verifier]), code('CHECKPOINT_SIGNATURE_INVALID'));
  // Even next to a valid signature by another known key.
  const withWitness = signNote(TEXT, [witness.signer]).replace(
    /\n$/,
    '\n' + forged.slice(forged.lastIndexOf('\u2014')),
  );
  assert.throws(
    () => openNote(withWitness, [log.verifier, witness.verifier]),
    code('CHECKPOINT_SIGNATURE_INVALID'),
  );
  // Altered text.
  assert.throws(
    () => openNote(note.replace('\n5\n', '\n6\n'), [log.verifier]),
    code('CHECKPOINT_SIGNATURE_INVALID'),
  );
});

test('structural errors are NOTE_MALFORMED', () => {
  const malformed = [
    note.replace('\u2014', '\u2013'), // en dash
    note.replace('\u2014 ', '-- '),
    note.replace('\u2014 ', '\u2014'), // no space after the dash
    note.replaceAll('\n', '\r\n'), // CRLF
    note.replace('\n\n', '\n'), // missing blank line
    note.slice(0, -1), // no final newline
    note + '\n', // empty signature line
    TEXT + '\n', // no signature at all
    note.replace('log.example/a ', 'log.example/a  '), // double space
    note.replace(/ [A-Za-z0-9+/=]+\n$/, ' AAAA\n'), // blob shorter than key id + 1
    note.replace(/ ([A-Za-z0-9+/=]+)\n$/, ' $1 \n'), // trailing space
    note.replace(/=\n$/, '\n'), // bad base64 padding
    note.replace('log.example/a ', 'log+example '), // '+' in a name
    note.replace('\n5\n', '\n5\t\n'), // control character
    note.replace('\n5\n', '\n5\uD800\n'), // lone surrogate
    note.replace('\n\n', '\n\n\u2014 x\n'), // signature line without a signature
    TEXT + '\n' + '\u2014 a AAAAAAAA\n'.repeat(101), // too many signatures
  ];
  for (const bad of malformed) {
    assert.throws(() => openNote(bad, [log.verifier]), code('NOTE_MALFORMED'), JSON.stringify(bad));
  }
  assert.throws(() => signNote('no newline', [log.signer]), code('NOTE_MALFORMED'));
  assert.throws(() => signNote('cr\r\n', [log.signer]), code('NOTE_MALFORMED'));
  assert.throws(() => signNote(TEXT, []), code('NOTE_MALFORMED'));
  assert.throws(() => openNote(42 as unknown as string, [log.verifier]), code('NOTE_MALFORMED'));
});

test('the text may hold blank lines: the last blank line separates the signatures', () => {
  const text = 'a\n\nb\n\n';
  const n = signNote(text, [log.signer]);
  assert.equal(openNote(n, [log.verifier]).text, text);
  assert.equal(openNote(signNote('\n', [log.signer]), [log.verifier]).text, '\n');
});
