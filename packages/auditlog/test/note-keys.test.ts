// Key texts in golang.org/x/mod/sumdb/note form; every malformation is KEY_MALFORMED.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  generateSignerKey,
  parseSignerKey,
  parseVerifierKey,
  verifierKeyFromSignerKey,
} from '../src/index.ts';

const GO_SKEY = 'PRIVATE+KEY+PeterNeumann+c74f20a3+AYEKFALVFGyNhPJEMzD1QIDr+Y7hfZx09iUvxdXHKDFz';
const GO_VKEY = 'PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW';
const malformed = { code: 'KEY_MALFORMED' };

test('generated keys round-trip and sign verifiably', () => {
  const skey = generateSignerKey('kms.example.com/audit/prod');
  assert.match(
    skey,
    /^PRIVATE\+KEY\+kms\.example\.com\/audit\/prod\+[0-9a-f]{8}\+[A-Za-z0-9+/]{44}$/,
  );
  const signer = parseSignerKey(skey);
  const vkey = verifierKeyFromSignerKey(skey);
  assert.match(vkey, /^kms\.example\.com\/audit\/prod\+[0-9a-f]{8}\+[A-Za-z0-9+/]{44}$/);
  const verifier = parseVerifierKey(vkey);
  assert.deepEqual(verifier.keyId, signer.keyId);
  const sig = signer.sign(Buffer.from('hello\n'));
  assert.equal(sig.length, 64);
  assert.ok(verifier.verify(Buffer.from('hello\n'), sig));
  assert.ok(!verifier.verify(Buffer.from('hello!\n'), sig));
  assert.ok(!verifier.verify(Buffer.from('hello\n'), sig.subarray(1)));
  assert.notEqual(generateSignerKey('a'), generateSignerKey('a'));
  assert.throws(() => generateSignerKey('has space'), malformed);
  assert.throws(() => generateSignerKey('has+plus'), malformed);
  assert.throws(() => generateSignerKey(''), malformed);
});

test('every truncation or single-byte change of a key text is refused (as Go tests do)', () => {
  for (const [text, parse] of [
    [GO_SKEY, parseSignerKey],
    [GO_VKEY, parseVerifierKey],
  ] as const) {
    parse(text);
    for (let i = 0; i <= text.length; i++) {
      for (let j = i + 1; j <= text.length; j++) {
        if (i === 0 && j === text.length) continue;
        assert.throws(() => parse(text.slice(i, j)), malformed, text.slice(i, j));
      }
    }
    for (let i = 0; i < text.length; i++) {
      const changed =
        text.slice(0, i) + String.fromCharCode(text.charCodeAt(i) + 1) + text.slice(i + 1);
      // Upper-case hex digits name the same key id (Go parses them too).
      if (/[a-f]/.test(text[i] ?? '') && changed.toLowerCase() === text.toLowerCase()) continue;
      assert.throws(() => parse(changed), malformed, changed);
    }
  }
});

test('wrong key type, length or id is refused', () => {
  // Go's own bad-key cases: wrong length with adjusted hash, unknown algorithm with adjusted hash.
  assert.throws(
    () =>
      parseVerifierKey(
        'PeterNeumann+cc469956+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TWBADKEY==',
      ),
    malformed,
  );
  assert.throws(
    () => parseVerifierKey('PeterNeumann+173116ae+ZRpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW'),
    malformed,
  );
  assert.throws(
    () => parseVerifierKey('PeterNeumann+c74f20a4+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW'),
    malformed,
  );
  assert.throws(() => parseSignerKey(GO_VKEY), malformed);
  assert.throws(() => parseVerifierKey(GO_SKEY), malformed);
  assert.throws(() => parseSignerKey(GO_SKEY.replace('PRIVATE', 'private')), malformed);
  assert.throws(() => parseVerifierKey(undefined as unknown as string), malformed);
  assert.throws(() => parseSignerKey(` ${GO_SKEY}`), malformed);
  assert.throws(() => parseVerifierKey(`${GO_VKEY}\n`), malformed);
});
