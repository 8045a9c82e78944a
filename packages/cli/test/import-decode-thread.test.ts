// `keywatch import --data-dir` decodes chunks on a thread of its own once they are full-sized: the
// log must get what the main-thread decoder gives — the same events, in the file's order, and the
// same quarantined lines — whatever thread decoded each chunk.
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openServer, secretsKeyFor } from '@keywatch/server';
import { hashSecret } from '@keywatch/sources';
import { importRecords, localChunkSink } from '../src/import/source-import.ts';

const token = (i: number): string => `hvs.CAESIJ7k${String(i % 13).padStart(22, 'A')}`;
const PLAINTEXT = 'c2VjcmV0LSR7aX0=';
const dir = mkdtempSync(join(tmpdir(), 'kw-import-thread-'));
after(() => rmSync(dir, { recursive: true, force: true }));

function vaultLog(pairs: number): string {
  const out: string[] = [];
  for (let i = 0; i < pairs; i++) {
    const id = `req-${String(i).padStart(5, '0')}`;
    const path = i % 9 === 0 ? `transit/keys/k${i % 4}` : `transit/encrypt/k${i % 7}`;
    const req = `{"id":"${id}","operation":"${i % 9 === 0 ? 'create' : 'update'}","mount_type":"transit","client_token":"${token(i)}","path":"${path}","data":{"plaintext":"${PLAINTEXT}"},"remote_address":"10.0.0.${i % 200}"}`;
    const auth = `{"display_name":"app-${i % 5}","policies":["default"],"token_type":"service"}`;
    const t = new Date(Date.UTC(2026, 0, 1) + i * 10).toISOString();
    out.push(`{"time":"${t}","type":"request","auth":${auth},"request":${req}}`);
    if (i % 50 === 7) out.push('{"time": broken');
    out.push(`{"time":"${t}","type":"response","auth":${auth},"request":${req},"response":{}}`);
  }
  return out.join('\n') + '\n';
}

async function importInto(name: string, file: string, threadFrom: number) {
  const server = await openServer({ dataDir: join(dir, name), logger: false });
  try {
    const sum = await importRecords(
      file,
      'vault',
      localChunkSink(server, 'vault', { threadFrom }),
      0,
      {
        chunkLines: 40,
        quiet: true,
      },
    );
    const events = [];
    for (let i = 0; i < server.context.sequencer.size; i += 500)
      for (const row of await server.context.store.readLeaves(
        i,
        Math.min(i + 500, server.context.sequencer.size),
      ))
        events.push(JSON.parse(Buffer.from(row.leaf).toString('utf8')) as Record<string, unknown>);
    // Each data directory has its own HMAC key: name the hashes by what they hash.
    const key = await secretsKeyFor(server.context);
    let dump = JSON.stringify(events);
    for (const secret of [PLAINTEXT, ...Array.from({ length: 13 }, (_, i) => token(i))])
      dump = dump.split(hashSecret(key, secret)).join(`<${secret}>`);
    events.splice(0, events.length, ...(JSON.parse(dump) as Record<string, unknown>[]));
    const quarantined = (await server.context.store.listQuarantine({ limit: 1000 })).map(
      (q) => `${q.reason} ${q.raw}`,
    );
    return { sum, events, quarantined };
  } finally {
    await server.close();
  }
}

test('chunks decoded on the decode thread reach the log as the main-thread decoder leaves them', async () => {
  const file = join(dir, 'vault.log');
  writeFileSync(file, vaultLog(300));
  const inline = await importInto('inline', file, Number.POSITIVE_INFINITY);
  const threaded = await importInto('threaded', file, 1);
  // A broken line leaves the chunker inside a JSON value until its hard cut, which may part a
  // request from its response (both then stored): the count is whatever the main thread gets.
  assert.ok(threaded.sum.accepted >= 300);
  assert.equal(threaded.sum.quarantined, 6);
  assert.deepEqual(threaded.sum, inline.sum);
  assert.deepEqual(threaded.quarantined, inline.quarantined);
  assert.equal(threaded.quarantined.length, 6);
  const vault = (events: Record<string, unknown>[]) =>
    events
      .filter((e) => (e['source'] as { kind?: string } | undefined)?.kind === 'vault')
      .map(({ index: _i, received: _r, ...e }) => e);
  const a = vault(threaded.events);
  assert.equal(a.length, threaded.sum.accepted);
  assert.deepEqual(a, vault(inline.events));
  const ids = a.map((e) => (e['source'] as { request_id: string }).request_id);
  assert.deepEqual(ids, [...ids].sort(), 'events appear in the order of the file');
  // Secrets were hashed on the decode thread with the log's key, as inline.
  assert.ok(JSON.stringify(a).includes(`<${token(1)}>`));
  assert.ok(!JSON.stringify(a).includes(`"${token(1)}"`));
});
