// Baseline JSON is made entry by entry, never whole (fim/baseline-json.ts): joined, its
// chunks are exactly that text, for any chunk size (multi-byte characters split across chunks
// included), and no chunk is longer than asked.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { FimBaseline } from '@keywatch/agent';
import { jsonChunks } from '../../src/fim/baseline-json.ts';

const baseline = {
  format: 'keywatch-fim-baseline/1',
  createdAt: '2026-11-29T06:00:00.000Z',
  fullHashAt: '2026-11-29T06:00:00.000Z',
  entries: Object.fromEntries(
    Array.from({ length: 300 }, (_, i) => [
      `/etc/kms/clé-${i}/"quoted"\\${'é'.repeat(i % 7)}.conf`,
      {
        type: 'file',
        size: i,
        mode: 0o640,
        uid: 0,
        gid: 0,
        mtimeNs: String(1e18 + i),
        ctimeNs: String(1e18 + i),
        ino: String(i),
        dev: '2049',
        nlink: 1,
        hashState: 'hashed',
        sha256: 'ab'.repeat(32),
        ...(i % 5 === 0 && { xattrs: { 'user.tag': '00ff'.repeat(i) } }),
      },
    ]),
  ),
} as unknown as FimBaseline;

test('the chunks of a baseline are JSON.stringify of it, split at any size', () => {
  const whole = Buffer.from(JSON.stringify(baseline));
  for (const step of [1, 7, 100, 1000, 4096, whole.length, whole.length * 2]) {
    const chunks = [...jsonChunks(baseline, step)];
    assert.ok(
      chunks.every((c) => c.length > 0 && c.length <= step),
      `step ${step}`,
    );
    assert.ok(Buffer.concat(chunks).equals(whole), `step ${step}`);
  }
  const empty = { ...baseline, entries: {} } as FimBaseline;
  assert.equal(Buffer.concat([...jsonChunks(empty, 10)]).toString(), JSON.stringify(empty));
  // Just the entries (the digest of fim.baseline_created), and odd values as JSON.stringify has them.
  const entries = Buffer.concat([...jsonChunks(baseline.entries, 64)]);
  assert.ok(entries.equals(Buffer.from(JSON.stringify(baseline.entries))));
  const odd = { a: undefined, b: [1, 'x'], c: null, entries: { d: new Date(0), e: undefined } };
  assert.equal(Buffer.concat([...jsonChunks(odd, 3)]).toString(), JSON.stringify(odd));
});
