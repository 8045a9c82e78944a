// `keywatch import --data-dir` decodes and prepares large chunks on a thread of its own (leaf
// templates and row columns, server/sources/prepare-worker.ts). Every real sample of every format,
// plus broken lines and a record exposing key material, must store exactly what the main-thread
// path stores: the same events in the same order (leaves equal but for the receive time), the same
// quarantine, and a log that verifies.
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { generateKeyPairSync } from 'node:crypto';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { openServer, SECRETS_KEY_FILE } from '@keywatch/server';
import type { SourceKind } from '@keywatch/sources';
import { importRecords, localChunkSink } from '../src/import/source-import.ts';
import { keywatch } from './cli-process.ts';

const data = new URL('../../sources/test/data/', import.meta.url).pathname;
const dir = mkdtempSync(join(tmpdir(), 'kw-import-thread-'));
after(() => rmSync(dir, { recursive: true, force: true }));

const PEM = generateKeyPairSync('ec', { namedCurve: 'P-256' })
  .privateKey.export({ type: 'pkcs8', format: 'pem' })
  .toString();
const exposure = JSON.stringify({
  time: '2026-01-01T00:00:00Z',
  type: 'response',
  auth: { display_name: 'ops', policies: ['root'] },
  request: { id: 'req-pem', operation: 'update', path: 'pki/issue/web', mount_type: 'pki' },
  response: { data: { private_key: PEM } },
});

const INPUTS: [SourceKind, string[]][] = [
  ['vault', ['vault/audit.log']],
  ['gcp-kms', ['gcp-kms/events.jsonl']],
  ['azure-keyvault', ['azure-keyvault/events.jsonl', 'azure-keyvault/msdocs-auditevent.json']],
  ['cloudhsm', ['cloudhsm/audit.log']],
  ['auditd', ['auditd/test-auditd-raw.log', 'auditd/test-auditd-useradd.log']],
  [
    'cloudtrail',
    readdirSync(join(data, 'cloudtrail-kms'))
      .filter((f) => f.endsWith('.json'))
      .map((f) => `cloudtrail-kms/${f}`),
  ],
];

interface Stored {
  events: Record<string, unknown>[];
  quarantine: unknown[];
}

async function importWith(kind: SourceKind, file: string, threadFrom: number): Promise<Stored> {
  const dataDir = join(dir, `${kind}-${threadFrom}`);
  // One HMAC key for both logs, so that hashed secrets compare equal.
  mkdirSync(dataDir, { mode: 0o700 });
  writeFileSync(join(dataDir, SECRETS_KEY_FILE), `${'ab'.repeat(32)}\n`, { mode: 0o600 });
  const server = await openServer({ dataDir, logger: false });
  try {
    const sink = localChunkSink(server, kind, { threadFrom });
    await importRecords(file, kind, sink, 0, { quiet: true, chunkLines: 40 });
    assert.equal(sink.threaded === true, threadFrom === 1, 'decoded on the thread, or not');
  } finally {
    await server.close();
  }
  if (threadFrom === 1) {
    const v = keywatch(['verify', '--data-dir', dataDir]);
    assert.equal(v.status, 0, v.stderr + v.stdout);
  }
  const db = new Database(join(dataDir, 'keywatch.db'), { readonly: true });
  try {
    const leaves = db.prepare('select leaf from events order by idx').all() as { leaf: Buffer }[];
    // The records of the import; not the genesis entry (each log has its own key), nor the
    // detection's alert records, which interleave with the import wherever the thread gets to
    // them. The receive time and so the index of each differ between the two logs.
    const events = leaves
      .map((r) => JSON.parse(r.leaf.toString('utf8')) as Record<string, unknown>)
      .filter((e) => e['index'] !== 0 && !String(e['type']).startsWith('alert.'))
      .map((e) => {
        delete e['received'];
        delete e['index'];
        // Records without an id of their own get a random one (and so does what points at it).
        if (/^[0-9a-f]{8}-[0-9a-f]{4}-/.test(String(e['id']))) delete e['id'];
        const detail = e['detail'] as Record<string, unknown> | undefined;
        if (detail?.['original_id'] !== undefined) delete detail['original_id'];
        if (e['type'] === 'ingest.quarantined') delete e['time']; // its time of writing
        return e;
      });
    const quarantine = db
      .prepare('select source, field, reason, raw from quarantine order by id')
      .all();
    return { events, quarantine };
  } finally {
    db.close();
  }
}

for (const [kind, files] of INPUTS) {
  test(`${kind}: the decode thread stores what the main thread stores`, async () => {
    let text = files.map((f) => readFileSync(join(data, f), 'utf8').replace(/\n?$/, '\n')).join('');
    text += '{"broken": \nnot a record at all\n';
    if (kind === 'vault') text += `${exposure}\n`;
    const file = join(dir, `${kind}.input`);
    writeFileSync(file, text);
    const thread = await importWith(kind, file, 1);
    const main = await importWith(kind, file, Number.POSITIVE_INFINITY);
    const own = main.events.filter((e) => (e['source'] as { kind?: string }).kind === kind);
    assert.ok(own.length >= 8, `the samples gave ${kind} events`);
    if (kind !== 'cloudhsm') assert.ok(main.quarantine.length > 0, 'broken lines quarantined');
    assert.deepEqual(thread.quarantine, main.quarantine);
    // Ids and quarantine ids in detail differ nowhere: both logs are new and fed the same chunks.
    assert.deepEqual(thread.events, main.events);
    if (kind === 'vault') {
      const leak = thread.events.find((e) => e['type'] === 'key.material_exposed');
      assert.equal(leak?.['severity'], 'critical');
      assert.ok(!JSON.stringify(thread).includes('PRIVATE KEY-----\nMI'), 'the key is redacted');
    }
  });
}
