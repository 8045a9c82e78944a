// redactText skips text that cannot hold a secret with two pre-checks. The second one (tighter,
// so that JSON records skip the scan) must never skip a text the full scan would change: checked
// here against the scan itself on text built from the patterns' own words and separators.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { redactText, scanText } from '../src/redact/text-redaction.ts';
import { KEY } from './helpers.ts';

// The pre-check redactText had before the second one was added: the behaviour to keep.
const QUICK =
  /PRIVATE KEY|SECRET KEY|kty|hv[sbr]\.|\bs\.[A-Za-z0-9]{24}|(?:key|pass|pwd|secret|token|pin|auth|cookie)[^\n]{0,24}?[=:]/i;
const reference = (text: string) =>
  QUICK.test(text) ? scanText(text, KEY, 'loc') : { text, findings: [] };

const WORDS = [
  'key',
  'KEY',
  'Key',
  'keys',
  'token',
  'Token',
  'client_',
  'api_',
  'api-',
  'access_',
  'auth-',
  'password',
  'passwd',
  'pwd',
  'passphrase',
  'secret',
  'client_secret',
  'pin',
  'PIN',
  'authorization',
  'proxy-',
  'x-vault-token',
  'x-amz-security-token',
  'cookie',
  'bytes',
  'material',
  'key_value',
  'key-bytes',
  'key material',
  'value',
  'private',
  'secret_',
  'symmetric ',
  'master-',
  'plaintext',
  'data',
  'PRIVATE KEY',
  'SECRET KEY',
  '-----BEGIN ',
  '-----END ',
  '-----',
  'kty',
  'd',
  'k',
  'qi',
  'hvs.',
  'hvb.',
  'hvr.',
  's.',
  'xs.',
  'AAAAAAAAAAAAAAAAAAAAAAAA',
  'CAESIJ7kAAAAAAAAAAAAAAAAAAAA',
  '0123456789abcdef0123456789abcdef',
  'QUJDREVGR0hJSktMTU5PUFFSU1RVVldYWVo=',
  'abc',
  '9',
  'hmac-sha256:ab',
  'redacted-key-material:',
  '(null)',
  '?',
  'null',
  ' ',
  '  ',
  '_',
  '-',
  '.',
  '\n',
  '\r\n',
  '\t',
  '"',
  "'",
  '\\"',
  '\\',
  ':',
  '=',
  ': ',
  ' = ',
  '{',
  '}',
  '[',
  ']',
  ',',
  ';',
  '&',
  '(',
  ')',
];
const text = fc
  .array(
    fc.oneof({ arbitrary: fc.constantFrom(...WORDS), weight: 6 }, fc.string({ maxLength: 3 })),
    {
      maxLength: 12,
    },
  )
  .map((parts) => parts.join(''));

test('redactText gives what the full scan gives whenever the old pre-check let text through', () => {
  fc.assert(
    fc.property(text, (t) => {
      assert.deepEqual(redactText(t, KEY, 'loc'), reference(t));
    }),
    { numRuns: 30_000 },
  );
});

test('the tighter pre-check lets through every shape the patterns redact', () => {
  const cases = [
    'password=hunter22',
    'key_value = 0123456789abcdef0123456789abcdef',
    'key-bytes:0123456789abcdef0123456789abcdef',
    'KeyMaterial="QUJDREVGR0hJSktMTU5PUFFSU1RVVldYWVo="',
    'pin: 1234',
    'cookie: a=b',
    'Authorization: Bearer abc',
    'x-vault-token : hvs.0123456789abcdefghijklmn',
    'private_key": "0123456789abcdef0123456789abcdef"',
    "key_material='QUJDREVGR0hJSktMTU5PUFFSU1RVVldYWVo='",
    'a s.ABCDEFGHIJKLMNOPQRSTUVWX token',
    '{"kty":"oct","k":"c2VjcmV0"}',
    '-----BEGIN PRIVATE KEY-----\nMIIB\n-----END PRIVATE KEY-----',
  ];
  for (const c of cases) {
    const r = redactText(c, KEY, 'loc');
    assert.notEqual(r.text, c, c);
    assert.deepEqual(r, reference(c));
  }
  // A JSON member name is not followed by its separator: no scan, nothing changed.
  const json = '{"client_token":"hmac-sha256:00","accessor":"x","token_type":"service"}';
  assert.deepEqual(redactText(json, KEY, 'loc'), { text: json, findings: [] });
});
