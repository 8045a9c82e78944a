// The bytes/s budget really slows a scan down; the secret redactor masks what diffs must not carry.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { FimScanner, parseFimPolicy, redactSecrets } from '@keywatch/agent';
import { tempTree } from './fim-fixtures.ts';

test('a bytes/s budget makes a scan of 600 KB at 2 MB/s take at least 0.25 s', async (t) => {
  const files = Object.fromEntries(
    Array.from({ length: 6 }, (_, i) => [`f${i}`, 'z'.repeat(100_000)]),
  );
  const { dir, cleanup } = tempTree(files);
  t.after(cleanup);
  const fast = new FimScanner(parseFimPolicy({ paths: [dir] }));
  const slow = new FimScanner(
    parseFimPolicy({ paths: [dir], throttle: { bytesPerSec: 2_000_000 } }),
  );
  try {
    const a = await fast.scan();
    const b = await slow.scan();
    assert.equal(a.stats.throttledMs, 0);
    assert.ok(b.stats.seconds >= 0.25, `throttled scan took ${b.stats.seconds} s`);
    assert.ok(b.stats.throttledMs >= 200, `slept ${b.stats.throttledMs} ms`);
    assert.deepEqual(
      [...b.entries.values()].map((r) => r.sha256),
      [...a.entries.values()].map((r) => r.sha256),
    );
  } finally {
    await fast.close();
    await slow.close();
  }
});

test('a CPU budget of 1 % of a core makes the scanner sleep', async (t) => {
  const files = Object.fromEntries(
    Array.from({ length: 4 }, (_, i) => [`f${i}`, 'q'.repeat(1_000_000)]),
  );
  const { dir, cleanup } = tempTree(files);
  t.after(cleanup);
  const s = new FimScanner(parseFimPolicy({ paths: [dir], throttle: { cpuPercent: 1 } }));
  try {
    const r = await s.scan();
    assert.equal(r.stats.hashed, 4);
    assert.ok(r.stats.throttledMs > 0, 'slept to stay within the CPU budget');
  } finally {
    await s.close();
  }
});

test('the redactor masks assignments, PEM blocks and long opaque strings, keeping the rest', () => {
  const text = [
    'listen = 0.0.0.0:8200',
    'api_key: "sk_live_abc"',
    'pin=1234',
    '-----BEGIN PRIVATE KEY-----',
    'MIIEvQIBADANBgkqhkiG9w0BAQEFAASC',
    '-----END PRIVATE KEY-----',
    `token_hash ${'ab'.repeat(32)}`,
  ].join('\n');
  const out = redactSecrets(text);
  assert.equal(
    out,
    [
      'listen = 0.0.0.0:8200',
      'api_key: "[redacted]"',
      'pin=[redacted]',
      '[redacted PEM block]',
      'token_hash [redacted]',
    ].join('\n'),
  );
  const keyed = redactSecrets('pin=1234', Buffer.alloc(32, 1));
  assert.match(keyed, /^pin=\[redacted [0-9a-f]{8}\]$/);
  assert.notEqual(
    keyed,
    redactSecrets('pin=1235', Buffer.alloc(32, 1)),
    'a changed secret shows as changed',
  );
});
