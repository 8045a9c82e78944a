// The file spool on real files: order and sequence numbers across restarts, a torn tail cut at
// the CRC, damage elsewhere refused, acknowledgement deleting whole segments, the size bound with
// its reserve, and a child process SIGKILLed mid-append losing nothing it was told was durable.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import {
  appendFileSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  truncateSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AgentError } from '../../src/agent-error.ts';
import { FileSpool } from '../../src/spool/file-spool.ts';

const tmp = (): string => mkdtempSync(join(tmpdir(), 'kw-spool-'));
const rec = (text: string) => (): Buffer => Buffer.from(text);
const segments = (dir: string): string[] =>
  readdirSync(dir)
    .filter((n) => n.endsWith('.kws'))
    .sort();

async function readAll(spool: FileSpool): Promise<{ seq: number; text: string }[]> {
  const out: { seq: number; text: string }[] = [];
  for (;;) {
    const batch = await spool.read(7, 1 << 20);
    if (batch.length === 0) return out;
    out.push(...batch.map((r) => ({ seq: r.seq, text: r.payload.toString() })));
  }
}

test('records come back in order with consecutive sequence numbers, across a restart', async () => {
  const dir = tmp();
  const a = await FileSpool.open({ dir, segmentBytes: 200 });
  const seqs = await Promise.all(['a', 'b', 'c', 'd', 'e'].map((t) => a.append(rec(t.repeat(60)))));
  assert.deepEqual(seqs, [1, 2, 3, 4, 5]);
  assert.ok(segments(dir).length >= 2, 'small segments rotate');
  await a.close();
  const b = await FileSpool.open({ dir, segmentBytes: 200 });
  assert.equal(await b.append(rec('f')), 6);
  assert.deepEqual(
    (await readAll(b)).map((r) => `${r.seq}${r.text[0]}`),
    ['1a', '2b', '3c', '4d', '5e', '6f'],
  );
  await b.close();
});

test('a torn tail is cut at the last good record; the next append reuses its number', async () => {
  const dir = tmp();
  const a = await FileSpool.open({ dir });
  for (const t of ['one', 'two', 'three']) await a.append(rec(t));
  await a.close();
  const [seg] = segments(dir);
  const path = join(dir, seg!);
  const size = readFileSync(path).length;
  truncateSync(path, size - 2); // the crash hit the middle of record 3
  appendFileSync(path, Buffer.from([0xff, 0xff])); // and left garbage: the CRC must catch it
  const b = await FileSpool.open({ dir });
  assert.equal(b.stats().tornBytes, 16 + 'three'.length);
  assert.equal(await b.append(rec('three again')), 3);
  assert.deepEqual(
    (await readAll(b)).map((r) => r.text),
    ['one', 'two', 'three again'],
  );
  await b.close();
});

test('damage before the last segment stops the spool instead of skipping records', async () => {
  const dir = tmp();
  const a = await FileSpool.open({ dir, segmentBytes: 100 });
  for (let i = 0; i < 6; i++) await a.append(rec('x'.repeat(50)));
  await a.close();
  const first = join(dir, segments(dir)[0]!);
  const bytes = readFileSync(first);
  bytes[20] = bytes[20]! ^ 1;
  writeFileSync(first, bytes);
  await assert.rejects(
    FileSpool.open({ dir, segmentBytes: 100 }),
    (e: unknown) => e instanceof AgentError && e.code === 'SPOOL_CORRUPT',
  );
});

test('acknowledged records leave: whole segments deleted, the ack offset survives a restart', async () => {
  const dir = tmp();
  const a = await FileSpool.open({ dir, segmentBytes: 100 });
  for (let i = 1; i <= 9; i++) await a.append(rec(`r${i}`.padEnd(40, '.')));
  const before = segments(dir).length;
  const batch = await a.read(5, 1 << 20);
  await a.ack(batch[batch.length - 1]!.seq);
  assert.ok(segments(dir).length < before, 'fully acknowledged segments are deleted');
  assert.equal(readFileSync(join(dir, 'acked'), 'utf8'), '5\n');
  await a.close();
  const b = await FileSpool.open({ dir, segmentBytes: 100 });
  assert.deepEqual(
    (await readAll(b)).map((r) => r.seq),
    [6, 7, 8, 9],
  );
  await b.ack(9);
  assert.equal(b.stats().pending, 0);
  assert.equal(b.stats().bytes, 0, 'a wholly acknowledged active segment is replaced');
  assert.equal(await b.append(rec('next')), 10);
  await b.close();
});

test('the size bound refuses records but keeps room for a reserved one', async () => {
  const dir = tmp();
  const spool = await FileSpool.open({ dir, maxBytes: 1000, segmentBytes: 250, reserveBytes: 200 });
  let accepted = 0;
  let refused = 0;
  for (let i = 0; i < 20; i++) {
    try {
      await spool.append(rec('y'.repeat(84))); // 100 bytes with the header
      accepted++;
    } catch (err) {
      assert.ok(err instanceof AgentError && err.code === 'SPOOL_FULL');
      refused++;
    }
  }
  assert.deepEqual([accepted, refused], [8, 12]);
  assert.equal(await spool.append(rec('z'.repeat(84)), { reserved: true }), 9);
  await spool.ack(9);
  assert.equal(await spool.append(rec('room again')), 10);
  await spool.close();
});

test(
  'SIGKILL mid-append loses nothing that was reported durable',
  { timeout: 60_000 },
  async () => {
    const dir = tmp();
    const durable: number[] = [];
    for (let kill = 0; kill < 3; kill++) {
      const child = spawn(
        process.execPath,
        ['--import', 'tsx', new URL('spool-crash-child.ts', import.meta.url).pathname, dir],
        {
          stdio: ['ignore', 'pipe', 'inherit'],
        },
      );
      let buffered = '';
      child.stdout.on('data', (d: Buffer) => {
        buffered += d.toString();
        const lines = buffered.split('\n');
        buffered = lines.pop()!;
        durable.push(...lines.map(Number));
      });
      const target = durable.length + 2000;
      while (durable.length < target) await new Promise((r) => setTimeout(r, 20));
      child.kill('SIGKILL');
      await new Promise((r) => child.once('exit', r));
    }
    const spool = await FileSpool.open({ dir, segmentBytes: 64 * 1024 });
    const found = new Set((await readAll(spool)).map((r) => r.seq));
    const missing = durable.filter((s) => !found.has(s));
    assert.deepEqual(missing, [], 'every record reported durable is there');
    assert.equal(found.size, spool.stats().nextSeq - 1, 'sequence numbers have no holes');
    await spool.close();
  },
);
